package io.heimdall.sessiondict;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

import java.util.ArrayList;
import java.util.List;

/**
 * The live session dict servers, kept in a cluster-wide map whose entries expire unless their
 * server refreshes them, so departed servers drop out without a coordinator.
 */
final class SessionDictMembership {
  static final String MAP_NAME = "sessiondict.servers";
  static final long TTL_MILLIS = 10_000;
  static final long REFRESH_MILLIS = 3_000;

  private SessionDictMembership() {
  }

  /** Announces a server now and keeps announcing it; returns the timer id to cancel on stop. */
  static Future<Long> announce(Vertx vertx, String serverId) {
    return map(vertx).compose(map -> map.put(serverId, System.currentTimeMillis(), TTL_MILLIS)
      .map(v -> vertx.setPeriodic(REFRESH_MILLIS, id -> map.put(serverId, System.currentTimeMillis(), TTL_MILLIS))));
  }

  /** Withdraws a server at once (a clean stop). */
  static Future<Void> withdraw(Vertx vertx, String serverId) {
    return map(vertx).compose(map -> map.remove(serverId)).mapEmpty();
  }

  /** The ids of the live servers, sorted. */
  static Future<List<String>> servers(Vertx vertx) {
    return map(vertx).compose(AsyncMap::keys).map(keys -> {
      List<String> ids = new ArrayList<>(keys);
      ids.sort(null);
      return ids;
    });
  }

  private static Future<AsyncMap<String, Long>> map(Vertx vertx) {
    return vertx.sharedData().getAsyncMap(MAP_NAME);
  }
}
