package io.heimdall.sessiondict;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sessiondictserver role: keeps the registry of online sessions; takes all of its settings from config(). */
public class SessionDictServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SessionDictServerVerticle.class);

  @Override
  public Future<?> start() {
    LOG.info("sessiondictserver started with {}", config().encode());
    return Future.succeededFuture();
  }
}
