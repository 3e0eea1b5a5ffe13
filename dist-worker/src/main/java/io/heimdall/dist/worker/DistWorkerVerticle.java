package io.heimdall.dist.worker;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The distworker role: hosts the dist.worker store of subscription routes; takes all of its settings from config(). */
public class DistWorkerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DistWorkerVerticle.class);

  @Override
  public Future<?> start() {
    LOG.info("distworker started with {}", config().encode());
    return Future.succeededFuture();
  }
}
