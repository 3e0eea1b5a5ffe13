package io.heimdall.mqtt;

import io.heimdall.dist.server.RouteStore;
import io.heimdall.dist.worker.DistWorkerWire;
import io.heimdall.dist.worker.Route;
import io.heimdall.dist.worker.RouteMatch;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.store.KVRangeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Test wiring: the routes live in one real dist.worker range (RocksDB + Ratis, the real
 * coprocessor) of a store in this JVM, addressed directly instead of through the KV routing
 * client's range lookup.
 */
final class OneRangeRouteStore implements RouteStore {
  private final KVRangeStore store;
  private final KVRangeId range;

  OneRangeRouteStore(KVRangeStore store, KVRangeId range) {
    this.store = store;
    this.range = range;
  }

  @Override
  public Future<List<RouteMatch>> match(String tenantId, List<String> topics) {
    return onCaller(store.queryCoProc(ver(), range, DistWorkerWire.match(tenantId, topics), false))
      .map(out -> DistWorkerWire.readMatchResult(tenantId, out));
  }

  @Override
  public Future<Void> add(List<Route> routes) {
    return onCaller(store.mutateCoProc(ver(), range, DistWorkerWire.mutation(DistWorkerWire.OP_ADD, routes))).mapEmpty();
  }

  @Override
  public Future<Void> remove(List<Route> routes) {
    return onCaller(store.mutateCoProc(ver(), range, DistWorkerWire.mutation(DistWorkerWire.OP_REMOVE, routes)))
      .mapEmpty();
  }

  private long ver() {
    return store.describe().ranges().stream().filter(r -> r.id().equals(range) && r.role() == RaftRole.Leader)
      .findFirst().orElseThrow(() -> new IllegalStateException("range has no leader here")).ver();
  }

  private static <T> Future<T> onCaller(CompletableFuture<T> f) {
    return Future.fromCompletionStage(f, Vertx.currentContext());
  }
}
