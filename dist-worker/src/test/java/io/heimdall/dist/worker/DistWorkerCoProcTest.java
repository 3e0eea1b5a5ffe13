package io.heimdall.dist.worker;

import io.heimdall.common.message.BufferWriter;
import java.util.Arrays;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.heimdall.kv.testing.StoreWaits.awaitLeader;
import static io.heimdall.kv.testing.StoreWaits.get;
import static org.assertj.core.api.Assertions.assertThat;

/** The dist.worker coprocessor in a real store (RocksDB + Ratis): route mutations, matching, restart. */
class DistWorkerCoProcTest {
  @TempDir
  Path dir;

  @Test
  void addsRemovesAndMatchesRoutesPerTenantAcrossARestart() throws Exception {
    RaftKVRangeStore store = newStore();
    get(store.start());
    KVRangeId id = KVRangeId.genesis(1000);
    get(store.bootstrap(id, Boundary.FULL));
    long ver = awaitLeader(store, id).ver();

    List<Route> routes = List.of(
      new Route("t1", "a/+", "n1"), new Route("t1", "a/#", "n2"), new Route("t1", "$share/g/a/b", "n1"),
      new Route("t1", "#", "n1"), new Route("t1", "$SYS/#", "n3"), new Route("t2", "a/b", "n3"));
    assertThat(DistWorkerWire.readChanged(get(store.mutateCoProc(ver, id,
      DistWorkerWire.mutation(DistWorkerWire.OP_ADD, routes))))).isEqualTo(6);
    // Adding again changes nothing: one route per (tenant, filter, node).
    assertThat(DistWorkerWire.readChanged(get(store.mutateCoProc(ver, id,
      DistWorkerWire.mutation(DistWorkerWire.OP_ADD, routes.subList(0, 2)))))).isZero();

    List<RouteMatch> t1 = match(store, ver, id, "t1", List.of("a/b", "x", "$SYS/up"));
    assertThat(t1.get(0).routes()).containsExactlyInAnyOrder(routes.get(0), routes.get(1), routes.get(2), routes.get(3));
    assertThat(t1.get(1).routes()).containsExactly(routes.get(3));
    assertThat(t1.get(2).routes()).containsExactly(routes.get(4));
    assertThat(match(store, ver, id, "t2", List.of("a/b")).get(0).routes()).containsExactly(routes.get(5));
    assertThat(match(store, ver, id, "t3", List.of("a/b")).get(0).routes()).isEmpty();

    assertThat(DistWorkerWire.readChanged(get(store.mutateCoProc(ver, id,
      DistWorkerWire.mutation(DistWorkerWire.OP_REMOVE, List.of(routes.get(0), new Route("t1", "zz", "n9"))))))).isEqualTo(1);

    // Malformed commands change nothing and leave the range serving.
    byte[] valid = DistWorkerWire.mutation(DistWorkerWire.OP_ADD, List.of(new Route("t9", "x", "n")));
    byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
    byte[] emptyTenant = new BufferWriter().writeByte(DistWorkerWire.VERSION)
      .writeByte(DistWorkerWire.OP_ADD).writeInt(1).writeString("").writeString("x").writeString("n").buffer().getBytes();
    for (byte[] bad : List.of(truncated, emptyTenant, new byte[] {9, 9}, new byte[0])) {
      assertThat(DistWorkerWire.readChanged(get(store.mutateCoProc(ver, id, bad)))).isZero();
    }
    assertThat(match(store, ver, id, "t9", List.of("x")).get(0).routes()).isEmpty();
    assertThat(match(store, ver, id, "t1", List.of("a/b")).get(0).routes())
      .containsExactlyInAnyOrder(routes.get(1), routes.get(2), routes.get(3));

    get(store.stop());
    RaftKVRangeStore again = newStore();
    get(again.start());
    long ver2 = awaitLeader(again, id).ver();
    // The index is rebuilt from the stored keys.
    assertThat(match(again, ver2, id, "t1", List.of("a/b")).get(0).routes())
      .containsExactlyInAnyOrder(routes.get(1), routes.get(2), routes.get(3));
    get(again.stop());
  }

  @Test
  void routeKeysAreTenantPrefixedAndOrdered() {
    Route r = new Route("tenant", "a/+", "node");
    assertThat(RouteKeys.parse(RouteKeys.key(r))).isEqualTo(r);
    Boundary span = RouteKeys.tenantSpan("tenant");
    assertThat(span.contains(RouteKeys.key(r))).isTrue();
    assertThat(span.contains(RouteKeys.key(new Route("tenant2", "a", "n")))).isFalse();
    assertThat(span.contains(RouteKeys.key(new Route("tenan", "a", "n")))).isFalse();
  }

  private List<RouteMatch> match(RaftKVRangeStore store, long ver, KVRangeId id, String tenant, List<String> topics)
    throws Exception {
    return DistWorkerWire.readMatchResult(tenant, get(store.queryCoProc(ver, id, DistWorkerWire.match(tenant, topics), false)));
  }

  private RaftKVRangeStore newStore() {
    return new RaftKVRangeStore(KVRangeStoreOptions.of("dist.worker", dir, "127.0.0.1", 0,
      new DistWorkerCoProcFactory(), s -> Optional.empty()).withFsync(false).withElectionTimeoutMin(Duration.ofMillis(1000)));
  }


}
