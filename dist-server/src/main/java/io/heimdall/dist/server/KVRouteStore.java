package io.heimdall.dist.server;

import io.heimdall.dist.worker.DistWorkerWire;
import io.heimdall.dist.worker.Route;
import io.heimdall.dist.worker.RouteKeys;
import io.heimdall.dist.worker.RouteMatch;
import io.heimdall.kv.client.KVStoreClient;
import io.heimdall.kv.client.RangeRoute;
import io.heimdall.kv.range.Boundary;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes in the dist.worker KV cluster: a route change is a coprocessor mutation in the range
 * holding its key (idempotent, so the client may retry it); matching queries every range that
 * overlaps the tenant's key span on a local replica and merges the answers.
 */
final class KVRouteStore implements RouteStore {
  private final KVStoreClient client;

  KVRouteStore(KVStoreClient client) {
    this.client = client;
  }

  @Override
  public Future<List<RouteMatch>> match(String tenantId, List<String> topics) {
    Boundary span = RouteKeys.tenantSpan(tenantId);
    byte[] query = DistWorkerWire.match(tenantId, topics);
    List<Future<byte[]>> answers = new ArrayList<>();
    for (RangeRoute range : client.routes().routes()) {
      if (range.boundary().overlaps(span)) {
        byte[] start = range.boundary().start();
        byte[] key = start == null || Boundary.compare(start, span.start()) < 0 ? span.start() : start;
        answers.add(client.localQueryCoProc(key, query));
      }
    }
    if (answers.isEmpty()) {
      // No range known yet (the store is bootstrapping): route by key so the client waits for one.
      answers.add(client.localQueryCoProc(span.start(), query));
    }
    return Future.all(answers).map(all -> {
      Map<String, List<Route>> merged = new LinkedHashMap<>();
      topics.forEach(t -> merged.put(t, new ArrayList<>()));
      for (int i = 0; i < all.size(); i++) {
        for (RouteMatch m : DistWorkerWire.readMatchResult(tenantId, all.<byte[]>resultAt(i))) {
          merged.get(m.topic()).addAll(m.routes());
        }
      }
      List<RouteMatch> out = new ArrayList<>(merged.size());
      merged.forEach((topic, routes) -> out.add(new RouteMatch(topic, routes)));
      return out;
    });
  }

  @Override
  public Future<Void> add(List<Route> routes) {
    return mutate(DistWorkerWire.OP_ADD, routes);
  }

  @Override
  public Future<Void> remove(List<Route> routes) {
    return mutate(DistWorkerWire.OP_REMOVE, routes);
  }

  private Future<Void> mutate(byte op, List<Route> routes) {
    List<Future<byte[]>> calls = new ArrayList<>(routes.size());
    for (Route route : routes) {
      calls.add(client.mutateCoProc(RouteKeys.key(route), DistWorkerWire.mutation(op, List.of(route))));
    }
    return Future.all(calls).mapEmpty();
  }
}
