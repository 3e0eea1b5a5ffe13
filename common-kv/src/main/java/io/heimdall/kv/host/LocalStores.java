package io.heimdall.kv.host;

import io.vertx.core.Vertx;

import java.util.Set;

/** The ids of the stores of one store name hosted by this process, so that local reads prefer them. */
public final class LocalStores {
  private static final String MAP_PREFIX = "heimdall.local.stores.";

  private LocalStores() {
  }

  static void add(Vertx vertx, String storeName, String storeId) {
    vertx.sharedData().getLocalMap(MAP_PREFIX + storeName).put(storeId, Boolean.TRUE);
  }

  static void remove(Vertx vertx, String storeName, String storeId) {
    vertx.sharedData().getLocalMap(MAP_PREFIX + storeName).remove(storeId);
  }

  /** The ids of {@code storeName} currently hosted here. */
  public static Set<String> of(Vertx vertx, String storeName) {
    return Set.copyOf(vertx.sharedData().<String, Boolean>getLocalMap(MAP_PREFIX + storeName).keySet());
  }
}
