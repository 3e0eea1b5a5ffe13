package io.heimdall.dist.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The distserver role: matches publishes against the routes in dist.worker; takes all of its settings from config(). */
public class DistServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DistServerVerticle.class);

  @Override
  public Future<?> start() {
    LOG.info("distserver started with {}", config().encode());
    return Future.succeededFuture();
  }
}
