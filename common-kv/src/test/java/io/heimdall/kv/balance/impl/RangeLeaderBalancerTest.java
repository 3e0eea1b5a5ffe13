package io.heimdall.kv.balance.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.SyntheticLandscape;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.SyncState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RangeLeaderBalancerTest {
    private final RangeLeaderBalancerFactory factory = new RangeLeaderBalancerFactory();

    @Test
    void spreadsLeadersWithinOnePerStore() {
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> "s" + i).toList();
        TinyCluster c = new TinyCluster(ids, s -> List.of(factory.newBalancer("dist.worker", s)));
        for (int i = 0; i < 23; i++) {
            // every store votes in every range; s0 leads them all
            c.range(i, "s0", Set.copyOf(ids), Set.of());
        }
        c.runToQuiet(100);
        Map<String, Integer> leaders = c.leaderCounts();
        assertThat(TinyCluster.spread(leaders)).isLessThanOrEqualTo(1);
        assertThat(leaders.values()).allSatisfy(n -> assertThat(n).isBetween(4, 5));
    }

    @Test
    void movesLeadershipOnlyToAVoterThatKeepsUp() {
        LandscapeView view = SyntheticLandscape.stores("s1", "s2", "s3")
            .range(new SyntheticLandscape.Range(new KVRangeId(1, 0), 4, Boundary.FULL, "s1",
                ClusterConfig.of(Set.of("s1", "s2"), Set.of("s3"))).sync("s2", SyncState.Probing))
            .range(new KVRangeId(1, 1), 4, SyntheticLandscape.boundary("a", "b"), "s1", Set.of("s1", "s2"), Set.of())
            .view();
        StoreBalancer s1 = factory.newBalancer("dist.worker", "s1");
        s1.update(view);
        BalanceResult r = s1.balance();
        assertThat(r).isInstanceOf(BalanceResult.BalanceNow.class);
        assertThat(((BalanceResult.BalanceNow) r).command())
            .isEqualTo(new BalanceCommand.TransferLeadership("s1", new KVRangeId(1, 1), 4, "s2"));
        for (String other : List.of("s2", "s3")) {
            StoreBalancer b = factory.newBalancer("dist.worker", other);
            b.update(view);
            assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);
        }
    }

    @Test
    void balancedLeadershipNeedsNothing() {
        LandscapeView view = SyntheticLandscape.stores("s1", "s2")
            .range(new KVRangeId(1, 0), 4, SyntheticLandscape.boundary(null, "m"), "s1", Set.of("s1", "s2"), Set.of())
            .range(new KVRangeId(1, 1), 4, SyntheticLandscape.boundary("m", null), "s2", Set.of("s1", "s2"), Set.of())
            .range(new KVRangeId(1, 2), 4, SyntheticLandscape.boundary("x", "y"), "s2", Set.of("s1", "s2"), Set.of())
            .view();
        for (String s : List.of("s1", "s2")) {
            StoreBalancer b = factory.newBalancer("dist.worker", s);
            b.update(view);
            assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);
        }
    }
}
