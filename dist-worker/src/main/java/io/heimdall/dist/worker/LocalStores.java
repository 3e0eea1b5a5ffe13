package io.heimdall.dist.worker;

import io.vertx.core.Vertx;

import java.util.Set;

/** The dist.worker store ids hosted by this process, so local reads prefer them. */
public final class LocalStores {
  private static final String MAP = "heimdall.local.stores.dist.worker";

  private LocalStores() {
  }

  static void add(Vertx vertx, String storeId) {
    vertx.sharedData().getLocalMap(MAP).put(storeId, Boolean.TRUE);
  }

  static void remove(Vertx vertx, String storeId) {
    vertx.sharedData().getLocalMap(MAP).remove(storeId);
  }

  /** The ids currently hosted here. */
  public static Set<String> of(Vertx vertx) {
    return Set.copyOf(vertx.sharedData().<String, Boolean>getLocalMap(MAP).keySet());
  }
}
