package io.heimdall.inbox.store;

import io.heimdall.dist.client.DistClient;
import io.heimdall.kv.host.StoreHost;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Duration;

/**
 * The inboxstore role: hosts this node's store of the {@code inbox.store} KV cluster (persistent sessions and their
 * offline queues, kept by the inbox coprocessor) and, in the ranges it leads, publishes due wills and removes expired
 * inboxes. config() is {@code inboxServiceConfig.store}: {@code dataDir}, {@code balanceConfig.balancers}.
 */
public class InboxStoreVerticle extends VerticleBase {
  /** The store name. */
  public static final String STORE_NAME = "inbox.store";
  private static final String SECTION = "inboxServiceConfig.store";
  /** Will delays and expiries are honoured to within this period. */
  private static final Duration GC_PERIOD = Duration.ofMillis(500);

  private StoreHost host;
  private InboxCollector collector;

  @Override
  public Future<?> start() {
    return StoreHost.start(vertx, STORE_NAME, SECTION, config(), new InboxStoreCoProcFactory()).map(h -> {
      host = h;
      collector = new InboxCollector(vertx, h.store(), new DistClient(vertx), GC_PERIOD, System::currentTimeMillis)
        .start();
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
