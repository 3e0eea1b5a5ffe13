package io.heimdall.dist.worker;

import io.heimdall.kv.host.StoreHost;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The distworker role: hosts this node's store of the {@code dist.worker} KV cluster (subscription
 * routes, matched by the route coprocessor). config() is {@code distServiceConfig.worker}:
 * {@code dataDir}, {@code balanceConfig.balancers}.
 */
public class DistWorkerVerticle extends VerticleBase {
  /** The store name. */
  public static final String STORE_NAME = "dist.worker";
  private static final String SECTION = "distServiceConfig.worker";

  private StoreHost host;

  @Override
  public Future<?> start() {
    return StoreHost.start(vertx, STORE_NAME, SECTION, config(), new DistWorkerCoProcFactory()).map(h -> {
      host = h;
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    return host == null ? Future.succeededFuture() : host.stop();
  }
}
