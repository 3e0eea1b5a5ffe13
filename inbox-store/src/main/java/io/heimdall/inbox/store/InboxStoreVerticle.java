package io.heimdall.inbox.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The inboxstore role: hosts the inbox.store of persistent sessions and offline queues; takes all of its settings from config(). */
public class InboxStoreVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(InboxStoreVerticle.class);

  @Override
  public Future<?> start() {
    LOG.info("inboxstore started with {}", config().encode());
    return Future.succeededFuture();
  }
}
