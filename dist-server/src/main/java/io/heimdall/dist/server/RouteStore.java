package io.heimdall.dist.server;

import io.heimdall.dist.worker.Route;
import io.heimdall.dist.worker.RouteMatch;
import io.vertx.core.Future;

import java.util.List;

/** Where dist keeps its routes: the dist.worker ranges. Futures complete on the caller's Vert.x context. */
interface RouteStore {
  /** The routes of the tenant matching each topic, in the order of {@code topics}. */
  Future<List<RouteMatch>> match(String tenantId, List<String> topics);

  /** Adds routes; completes once they are committed. */
  Future<Void> add(List<Route> routes);

  /** Removes routes; completes once the removal is committed. */
  Future<Void> remove(List<Route> routes);
}
