package io.heimdall.retain.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The retainstore role: hosts the retain.store of retained messages; takes all of its settings from config(). */
public class RetainStoreVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RetainStoreVerticle.class);

  @Override
  public Future<?> start() {
    LOG.info("retainstore started with {}", config().encode());
    return Future.succeededFuture();
  }
}
