package io.heimdall.kv.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.LoadHint;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.range.StoreDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Route tables built from synthetic landscapes. */
class RouteTableTest {
    private static final long V1 = 1L << 32;
    private static final long V2 = 2L << 32;

    private final Map<String, List<RangeDescriptor>> landscape = new HashMap<>();

    @Test
    void emptyLandscapeHasNoRoutes() {
        assertThat(RouteTable.build(Map.of()).find(k("a"))).isEmpty();
    }

    @Test
    void genesisRangeRoutesEveryKeyToItsLeaderWithAllReplicas() {
        add("s1", range(10, 0, null, null, V1, RaftRole.Leader, RangeState.Normal, 1));
        add("s2", range(10, 0, null, null, V1, RaftRole.Follower, RangeState.Normal, 1));
        add("s3", range(10, 0, null, null, V1, RaftRole.Learner, RangeState.Normal, 1));
        RouteTable t = build();
        RangeRoute r = t.find(k("anything")).orElseThrow();
        assertThat(r.leaderStore()).isEqualTo("s1");
        assertThat(r.replicas().keySet()).containsExactlyInAnyOrder("s1", "s2", "s3");
        assertThat(t.find(new byte[0])).contains(r);
        assertThat(t.find(new byte[] {(byte) 0xff, (byte) 0xff})).contains(r);
    }

    @Test
    void smallestEpochWins() {
        add("s1", range(20, 0, null, null, V1, RaftRole.Leader, RangeState.Normal, 1));
        add("s2", range(10, 0, null, k("m"), V1, RaftRole.Leader, RangeState.Normal, 1));
        RouteTable t = build();
        assertThat(t.find(k("a")).orElseThrow().leaderStore()).isEqualTo("s2");
        assertThat(t.find(k("z"))).as("the losing epoch never serves").isEmpty();
    }

    @Test
    void onlyLeadersInServingStatesRoute() {
        add("s1", range(10, 0, null, k("m"), V1, RaftRole.Leader, RangeState.WaitingForMerge, 1));
        add("s2", range(10, 1, k("m"), k("t"), V1, RaftRole.Candidate, RangeState.Normal, 1));
        add("s3", range(10, 2, k("t"), null, V1, RaftRole.Leader, RangeState.ConfigChanging, 1));
        RouteTable t = build();
        assertThat(t.find(k("a"))).isEmpty();
        assertThat(t.find(k("n"))).isEmpty();
        assertThat(t.find(k("x")).orElseThrow().leaderStore()).isEqualTo("s3");
        assertThat(t.routes()).hasSize(1);
    }

    @Test
    void newerBoundaryBeatsStaleParentAfterSplit() {
        add("s1", range(10, 0, null, null, V1, RaftRole.Leader, RangeState.Normal, 1));
        add("s2", range(10, 0, null, k("m"), V2, RaftRole.Leader, RangeState.Normal, 2));
        add("s2", range(10, 7, k("m"), null, V2, RaftRole.Leader, RangeState.Normal, 2));
        RouteTable t = build();
        assertThat(t.routes()).extracting(RangeRoute::id)
            .containsExactly(new KVRangeId(10, 0), new KVRangeId(10, 7));
        assertThat(t.find(k("a")).orElseThrow().ver()).isEqualTo(V2);
        assertThat(t.find(k("m")).orElseThrow().id()).isEqualTo(new KVRangeId(10, 7));
    }

    @Test
    void childrenAheadOfParentKeepTheirSlots() {
        add("s1", range(10, 0, null, k("m"), V2, RaftRole.Leader, RangeState.Normal, 2));
        add("s2", range(10, 3, k("c"), null, V1, RaftRole.Leader, RangeState.Normal, 1));
        add("s3", range(10, 7, k("m"), null, V2, RaftRole.Leader, RangeState.Normal, 2));
        RouteTable t = build();
        assertThat(t.routes()).extracting(RangeRoute::leaderStore).containsExactly("s1", "s3");
    }

    @Test
    void twoStoresClaimingLeadershipResolveToNewestVersionThenClock() {
        add("s1", range(10, 0, null, null, V1 + 1, RaftRole.Leader, RangeState.Normal, 5));
        add("s2", range(10, 0, null, null, V1 + 2, RaftRole.Leader, RangeState.Normal, 1));
        assertThat(build().find(k("a")).orElseThrow().leaderStore()).isEqualTo("s2");
        landscape.clear();
        add("s1", range(10, 0, null, null, V1, RaftRole.Leader, RangeState.Normal, 5));
        add("s2", range(10, 0, null, null, V1, RaftRole.Leader, RangeState.Normal, 9));
        assertThat(build().find(k("a")).orElseThrow().leaderStore()).isEqualTo("s2");
    }

    @Test
    void gapsStayUnrouted() {
        add("s1", range(10, 0, null, k("b"), V1, RaftRole.Leader, RangeState.Normal, 1));
        add("s1", range(10, 1, k("c"), null, V1, RaftRole.Leader, RangeState.Normal, 1));
        RouteTable t = build();
        assertThat(t.find(k("a"))).isPresent();
        assertThat(t.find(k("b"))).isEmpty();
        assertThat(t.find(k("bz"))).isEmpty();
        assertThat(t.find(k("c"))).isPresent();
        assertThat(t.byId(new KVRangeId(10, 1))).isPresent();
    }

    @Test
    void replicasOfAnOlderBoundaryAreNotOfferedForLocalReads() {
        add("s1", range(10, 0, null, k("m"), V2, RaftRole.Leader, RangeState.Normal, 1));
        add("s2", range(10, 0, null, null, V1, RaftRole.Follower, RangeState.Normal, 1));
        add("s3", range(10, 0, null, k("m"), V2, RaftRole.Follower, RangeState.Normal, 1));
        assertThat(build().find(k("a")).orElseThrow().replicas().keySet()).containsExactlyInAnyOrder("s1", "s3");
    }

    @Test
    void patchReplacesOverlappedRoutesWithANewerLeaderDescriptor() {
        add("s1", range(10, 0, null, null, V1, RaftRole.Leader, RangeState.Normal, 1));
        RouteTable t = build();
        RangeDescriptor left = range(10, 0, null, k("m"), V2, RaftRole.Leader, RangeState.Normal, 2);
        RouteTable patched = t.patch("s1", left);
        assertThat(patched.find(k("a")).orElseThrow().ver()).isEqualTo(V2);
        assertThat(patched.find(k("z"))).as("the right half is unknown until the landscape shows it").isEmpty();
        assertThat(t.find(k("z"))).as("the original is immutable").isPresent();
        assertThat(patched.patch("s2", range(10, 0, null, k("m"), V1, RaftRole.Leader, RangeState.Normal, 9))
            .find(k("a")).orElseThrow().leaderStore()).as("an older descriptor changes nothing").isEqualTo("s1");
        assertThat(t.patch("s2", range(10, 0, null, null, V2, RaftRole.Follower, RangeState.Normal, 3)))
            .as("a follower's descriptor names no leader").isSameAs(t);
    }

    private RouteTable build() {
        Map<String, StoreDescriptor> stores = new HashMap<>();
        landscape.forEach((id, ranges) -> stores.put(id,
            new StoreDescriptor(id, "h", "127.0.0.1:1", Map.of(), Map.of(), ranges, 1)));
        return RouteTable.build(stores);
    }

    private void add(String store, RangeDescriptor r) {
        landscape.computeIfAbsent(store, s -> new ArrayList<>()).add(r);
    }

    private static RangeDescriptor range(long epoch, long id, byte[] start, byte[] end, long ver, RaftRole role,
                                         RangeState state, long hlc) {
        return new RangeDescriptor(new KVRangeId(epoch, id), ver, new Boundary(start, end), state, role,
            ClusterConfig.of(Set.of("s1", "s2", "s3"), Set.of()), Map.of(), Map.of(), LoadHint.NONE, hlc);
    }

    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
