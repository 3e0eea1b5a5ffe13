package io.heimdall.mqtt.subs;

import java.util.function.Supplier;
import io.heimdall.dist.client.DistClient;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/**
 * Aggregates this node's subscriptions into one dist route per (tenant, raw filter): the first
 * local subscriber adds the route, the last one to leave removes it. Changes of one route are
 * applied in order. Use from one Vert.x context.
 */
final class RouteRegistry {
  private final DistClient dist;
  private final String serverId;
  private final Map<RouteKey, Integer> refs = new HashMap<>();
  private final Map<RouteKey, Future<Void>> tails = new HashMap<>();

  RouteRegistry(DistClient dist, String serverId) {
    this.dist = dist;
    this.serverId = serverId;
  }

  /** Counts one more local subscriber; completes when the route exists. */
  Future<Void> acquire(String tenantId, String rawFilter) {
    RouteKey key = new RouteKey(tenantId, rawFilter);
    int count = refs.merge(key, 1, Integer::sum);
    if (count == 1) {
      return chain(key, () -> dist.addRoute(tenantId, rawFilter, serverId));
    }
    // Later subscribers wait for the pending add, so none of them is acknowledged before its route exists.
    return tails.getOrDefault(key, Future.succeededFuture());
  }

  /** Counts one subscriber less; removes the route when it was the last. */
  Future<Void> release(String tenantId, String rawFilter) {
    RouteKey key = new RouteKey(tenantId, rawFilter);
    Integer count = refs.get(key);
    if (count == null) {
      return Future.succeededFuture();
    }
    if (count > 1) {
      refs.put(key, count - 1);
      return Future.succeededFuture();
    }
    refs.remove(key);
    return chain(key, () -> dist.removeRoute(tenantId, rawFilter, serverId));
  }

  private Future<Void> chain(RouteKey key, Supplier<Future<Void>> op) {
    Future<Void> previous = tails.getOrDefault(key, Future.succeededFuture());
    Future<Void> next = previous.transform(ignored -> op.get());
    tails.put(key, next);
    next.onComplete(ar -> tails.remove(key, next));
    return next;
  }

  private record RouteKey(String tenantId, String rawFilter) {
  }
}
