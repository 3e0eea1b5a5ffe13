package io.heimdall.retain.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The retainserver role: serves retained messages; takes all of its settings from config(). */
public class RetainServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RetainServerVerticle.class);

  @Override
  public Future<?> start() {
    LOG.info("retainserver started with {}", config().encode());
    return Future.succeededFuture();
  }
}
