package io.heimdall.inbox.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The inboxserver role: serves the inboxes of persistent sessions; takes all of its settings from config(). */
public class InboxServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(InboxServerVerticle.class);

  @Override
  public Future<?> start() {
    LOG.info("inboxserver started with {}", config().encode());
    return Future.succeededFuture();
  }
}
