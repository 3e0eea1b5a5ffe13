package io.heimdall.retain.store;

import io.heimdall.kv.host.StoreHost;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Duration;

/**
 * The retainstore role: hosts this node's store of the {@code retain.store} KV cluster (retained messages, kept by
 * the retain coprocessor) and collects expired messages in the ranges it leads. config() is
 * {@code retainServiceConfig.store}: {@code dataDir}, {@code balanceConfig.balancers}.
 */
public class RetainStoreVerticle extends VerticleBase {
  /** The store name. */
  public static final String STORE_NAME = "retain.store";
  private static final String SECTION = "retainServiceConfig.store";
  private static final Duration GC_PERIOD = Duration.ofMinutes(1);

  private StoreHost host;
  private RetainGarbageCollector collector;

  @Override
  public Future<?> start() {
    return StoreHost.start(vertx, STORE_NAME, SECTION, config(), new RetainStoreCoProcFactory()).map(h -> {
      host = h;
      collector = new RetainGarbageCollector(vertx, h.store(), GC_PERIOD, System::currentTimeMillis).start();
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    if (collector != null) {
      collector.close();
    }
    return host == null ? Future.succeededFuture() : host.stop();
  }
}
