package io.heimdall.kv.host;

import io.heimdall.common.cluster.Underlay;
import io.heimdall.kv.client.KVStoreClient;
import io.heimdall.kv.client.KVStoreClientOptions;
import io.heimdall.kv.landscape.Landscape;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
* What a stateless service needs to reach one store name of the underlay: its landscape and a routing client that
* prefers the stores this process hosts. Opening and closing wait on Hazelcast, so both run off the event loop.
*/
public final class StoreAccess {
  private final Landscape landscape;
  private final KVStoreClient client;

  private StoreAccess(Landscape landscape, KVStoreClient client) {
    this.landscape = landscape;
    this.client = client;
  }

  public static Future<StoreAccess> open(Vertx vertx, String storeName) {
    return vertx.executeBlocking(() -> new Landscape(Underlay.hazelcast(vertx), storeName).start())
      .map(landscape -> new StoreAccess(landscape, new KVStoreClient(vertx, landscape,
        KVStoreClientOptions.defaults().withLocalStores(() -> LocalStores.of(vertx, storeName)))));
  }

  public KVStoreClient client() {
    return client;
  }

  public Future<Void> close(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      client.close();
      landscape.stop();
      return null;
    });
  }
}
