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
import io.heimdall.kv.range.StoreDescriptor;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplicaCntBalancerTest {
    private final ReplicaCntBalancerFactory factory = new ReplicaCntBalancerFactory();

    private StoreBalancer balancer(String store, int voters, int learners) {
        StoreBalancer b = factory.newBalancer("dist.worker", store);
        b.update(new JsonObject().put("votersPerRange", voters).put("learnersPerRange", learners));
        return b;
    }

    /** The leader's own seat never moves, so evening voters out needs the leader balancer too (as configured). */
    private List<StoreBalancer> withLeaderSpread(String store, int voters, int learners) {
        return List.of(balancer(store, voters, learners), new RangeLeaderBalancerFactory().newBalancer("x", store));
    }

    private static List<String> storeIds(int n) {
        return IntStream.range(0, n).mapToObj(i -> "s" + i).toList();
    }

    @Test
    void growsEveryRangeToThreeVotersWithEveryOtherStoreALearnerAndEvensThemOut() {
        TinyCluster c = new TinyCluster(storeIds(5), s -> withLeaderSpread(s, 3, -1));
        for (int i = 0; i < 12; i++) {
            c.range(i, "s0", Set.of("s0"), Set.of());
        }
        int rounds = c.runToQuiet(200);
        assertThat(rounds).isGreaterThan(0);
        c.ranges.values().forEach(m -> {
            assertThat(m.voters).hasSize(3);
            assertThat(m.learners).hasSize(2).doesNotContainAnyElementsOf(m.voters);
        });
        assertThat(TinyCluster.spread(c.voterCounts())).isLessThanOrEqualTo(1);
        assertThat(TinyCluster.spread(c.leaderCounts())).isLessThanOrEqualTo(1);
    }

    @Test
    void keepsAnExactLearnerCountEvenlySpread() {
        TinyCluster c = new TinyCluster(storeIds(7), s -> withLeaderSpread(s, 3, 2));
        for (int i = 0; i < 20; i++) {
            c.range(i, "s" + (i % 2), Set.of("s" + (i % 2)), Set.of());
        }
        c.runToQuiet(300);
        c.ranges.values().forEach(m -> {
            assertThat(m.voters).hasSize(3);
            assertThat(m.learners).hasSize(2);
        });
        assertThat(TinyCluster.spread(c.voterCounts())).isLessThanOrEqualTo(1);
        assertThat(TinyCluster.spread(c.learnerCounts())).isLessThanOrEqualTo(1);
    }

    @Test
    void shrinksOversizedRangesWithoutRemovingTheLeader() {
        TinyCluster c = new TinyCluster(storeIds(5), s -> List.of(balancer(s, 1, 0)));
        c.range(0, "s2", Set.of("s0", "s1", "s2", "s3", "s4"), Set.of());
        c.runToQuiet(20);
        assertThat(c.ranges.values().iterator().next().voters).containsExactly("s2");
        assertThat(c.ranges.values().iterator().next().learners).isEmpty();
    }

    @Test
    void replacesMembersWhoseStoresLeftTheLandscapeByPromotingALearner() {
        LandscapeView view = SyntheticLandscape.stores("s1", "s2", "s3", "s4")
            .range(new KVRangeId(1, 0), 9, Boundary.FULL, "s1", Set.of("s1", "s2", "gone"), Set.of("s3", "s4"))
            .view();
        StoreBalancer s1 = balancer("s1", 3, -1);
        s1.update(view);
        BalanceCommand.ChangeConfig cmd = (BalanceCommand.ChangeConfig) ((BalanceResult.BalanceNow) s1.balance())
            .command();
        assertThat(cmd.expectedVer()).isEqualTo(9);
        assertThat(cmd.voters()).hasSize(3).contains("s1", "s2").doesNotContain("gone");
        assertThat(cmd.learners()).hasSize(1).doesNotContainAnyElementsOf(cmd.voters());
    }

    @Test
    void aStoreJoiningAClusterWhereEveryOtherStoreIsALearnerGetsItsShareOfVoters() {
        TinyCluster c = new TinyCluster(storeIds(4), s -> withLeaderSpread(s, 3, -1));
        for (int i = 0; i < 10; i++) {
            c.range(i, "s0", Set.of("s0"), Set.of());
        }
        c.runToQuiet(300);
        c.stores.add("s9");
        c.balancers.put("s9", withLeaderSpread("s9", 3, -1));
        c.runToQuiet(300);
        c.ranges.values().forEach(m -> {
            assertThat(m.voters).hasSize(3);
            assertThat(m.learners).hasSize(2).doesNotContainAnyElementsOf(m.voters);
        });
        assertThat(c.voterCounts().get("s9")).isEqualTo(6);
        assertThat(TinyCluster.spread(c.voterCounts())).isLessThanOrEqualTo(1);
        assertThat(TinyCluster.spread(c.leaderCounts())).isLessThanOrEqualTo(1);
    }

    @Test
    void waitsWhileFewerStoresAreAliveThanVotersAreWanted() {
        LandscapeView view = SyntheticLandscape.stores("s1", "s2")
            .range(new KVRangeId(1, 0), 9, Boundary.FULL, "s1", Set.of("s1", "s2", "s3"), Set.of())
            .view();
        for (String s : List.of("s1", "s2")) {
            StoreBalancer b = balancer(s, 3, -1);
            b.update(view);
            assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);
        }
    }

    @Test
    void neverTouchesARangeInAJointConfig() {
        LandscapeView view = SyntheticLandscape.stores("s1", "s2", "s3")
            .range(new SyntheticLandscape.Range(new KVRangeId(1, 0), 9, Boundary.FULL, "s1",
                new ClusterConfig(Set.of("s1"), Set.of(), Set.of("s1", "s2"), Set.of())))
            .view();
        StoreBalancer b = balancer("s1", 3, -1);
        b.update(view);
        assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void everyStoreDerivesTheSamePlanWhateverTheOrderItSawTheLandscapeIn() {
        Random rnd = new Random(3);
        List<String> ids = storeIds(9);
        SyntheticLandscape l = SyntheticLandscape.stores(ids.toArray(String[]::new));
        for (int i = 0; i < 60; i++) {
            String leader = ids.get(rnd.nextInt(3));
            l.range(new KVRangeId(1, i), i, new Boundary(new byte[] {(byte) i}, new byte[] {(byte) (i + 1)}), leader,
                Set.of(leader), Set.of());
        }
        List<StoreDescriptor> shuffled = new ArrayList<>(l.build());
        Collections.shuffle(shuffled, rnd);
        LandscapeView a = LandscapeView.of(l.build());
        LandscapeView b = LandscapeView.of(shuffled);
        for (String s : ids) {
            StoreBalancer x = balancer(s, 3, -1);
            StoreBalancer y = balancer(s, 3, -1);
            x.update(a);
            y.update(b);
            BalanceResult rx = x.balance();
            assertThat(rx).isEqualTo(y.balance());
            if (rx instanceof BalanceResult.BalanceNow now) {
                assertThat(now.command().executor()).isEqualTo(s);
                assertThat(a.ranges().get(now.command().rangeId()).leaderStore()).isEqualTo(s);
            }
        }
    }

    @Test
    void validatesItsRules() {
        assertThat(factory.validate(factory.initialLoadRules())).isEmpty();
        assertThat(factory.validate(new JsonObject().put("votersPerRange", 2)))
            .containsExactly("votersPerRange: must be odd and > 0, got 2");
        assertThat(factory.validate(new JsonObject().put("votersPerRange", -1))).hasSize(1);
        assertThat(factory.validate(new JsonObject().put("votersPerRange", "three"))).hasSize(1);
        assertThat(factory.validate(new JsonObject().put("learnersPerRange", -2)))
            .singleElement().asString().startsWith("learnersPerRange: must be >= -1");
        assertThat(factory.validate(new JsonObject().put("votersPerRange", 1.5))).hasSize(1);
    }
}
