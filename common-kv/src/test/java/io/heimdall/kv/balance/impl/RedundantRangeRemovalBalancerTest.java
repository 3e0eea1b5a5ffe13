package io.heimdall.kv.balance.impl;

import static io.heimdall.kv.balance.SyntheticLandscape.boundary;
import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.SyntheticLandscape;
import io.heimdall.kv.balance.TestClock;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.LoadHint;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedundantRangeRemovalBalancerTest {
    private final TestClock clock = new TestClock();
    private final RedundantRangeRemovalBalancerFactory factory = new RedundantRangeRemovalBalancerFactory();

    private StoreBalancer balancerOf(String store) {
        return factory.newBalancer("dist.worker", store, clock.context(1));
    }

    @Test
    void theOldestEpochWinsAndReplicasOfNewerEpochsQuit() {
        SyntheticLandscape l = SyntheticLandscape.stores("s1", "s2", "s3")
            .range(new KVRangeId(100, 0), 3, Boundary.FULL, "s1", Set.of("s1"), Set.of())
            .range(new KVRangeId(200, 0), 5, Boundary.FULL, "s2", Set.of("s2", "s3"), Set.of());
        StoreBalancer s1 = balancerOf("s1");
        StoreBalancer s2 = balancerOf("s2");
        StoreBalancer s3 = balancerOf("s3");
        for (StoreBalancer b : new StoreBalancer[] {s1, s2, s3}) {
            b.update(l.build());
        }
        assertThat(s1.balance()).isEqualTo(BalanceResult.NO_NEED);
        assertThat(command(s2)).isEqualTo(new BalanceCommand.Quit("s2", new KVRangeId(200, 0), 5));
        assertThat(command(s3)).isEqualTo(new BalanceCommand.Quit("s3", new KVRangeId(200, 0), 5));
    }

    @Test
    void anOlderEpochWithoutAnyLeaderDoesNotRemoveTheWorkingOne() {
        SyntheticLandscape l = SyntheticLandscape.stores("s1", "s2")
            .range(new KVRangeId(200, 0), 5, Boundary.FULL, "s2", Set.of("s2"), Set.of())
            .replica("s1", new RangeDescriptor(new KVRangeId(100, 0), 1, Boundary.FULL, RangeState.Normal,
                RaftRole.Follower, ClusterConfig.of(Set.of("s1", "x"), Set.of()), Map.of(), Map.of(), LoadHint.NONE, 1));
        StoreBalancer s2 = balancerOf("s2");
        s2.update(l.build());
        assertThat(s2.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void aZombieQuitsAfterTheGracePeriod() {
        KVRangeId id = new KVRangeId(100, 0);
        SyntheticLandscape l = SyntheticLandscape.stores("s1", "s2")
            .range(id, 4, Boundary.FULL, "s1", Set.of("s1"), Set.of())
            .replica("s2", new RangeDescriptor(id, 3, Boundary.FULL, RangeState.Normal, RaftRole.Follower,
                ClusterConfig.of(Set.of("s1", "s2"), Set.of()), Map.of(), Map.of(), LoadHint.NONE, 1));
        StoreBalancer s2 = balancerOf("s2");
        s2.update(l.build());
        assertThat(s2.balance()).isEqualTo(new BalanceResult.AwaitBalance(Duration.ofMillis(10_000)));
        clock.advance(4_000);
        s2.update(l.build());
        assertThat(s2.balance()).isEqualTo(new BalanceResult.AwaitBalance(Duration.ofMillis(6_000)));
        clock.advance(6_000);
        assertThat(command(s2)).isEqualTo(new BalanceCommand.Quit("s2", id, 3));
        // the leader itself has nothing to remove
        StoreBalancer s1 = balancerOf("s1");
        s1.update(l.build());
        assertThat(s1.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void aReplicaBeingAddedIsNoZombieWhileTheLeaderIsInAJointConfig() {
        KVRangeId id = new KVRangeId(100, 0);
        SyntheticLandscape l = SyntheticLandscape.stores("s1", "s2")
            .range(new SyntheticLandscape.Range(id, 4, Boundary.FULL, "s1",
                new ClusterConfig(Set.of("s1"), Set.of(), Set.of("s1", "s2"), Set.of())));
        StoreBalancer s2 = balancerOf("s2");
        s2.update(l.build());
        clock.advance(60_000);
        assertThat(s2.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void zombieSuspicionResetsWhenTheStoreBecomesAMemberAgain() {
        KVRangeId id = new KVRangeId(100, 0);
        RangeDescriptor follower = new RangeDescriptor(id, 3, Boundary.FULL, RangeState.Normal, RaftRole.Follower,
            ClusterConfig.of(Set.of("s1", "s2"), Set.of()), Map.of(), Map.of(), LoadHint.NONE, 1);
        SyntheticLandscape zombie = SyntheticLandscape.stores("s1", "s2")
            .range(id, 4, Boundary.FULL, "s1", Set.of("s1"), Set.of()).replica("s2", follower);
        SyntheticLandscape member = SyntheticLandscape.stores("s1", "s2")
            .range(id, 5, Boundary.FULL, "s1", Set.of("s1", "s2"), Set.of());
        StoreBalancer s2 = balancerOf("s2");
        s2.update(zombie.build());
        clock.advance(8_000);
        s2.update(member.build());
        assertThat(s2.balance()).isEqualTo(BalanceResult.NO_NEED);
        s2.update(zombie.build());
        clock.advance(8_000);
        assertThat(s2.balance()).isInstanceOf(BalanceResult.AwaitBalance.class);
    }

    @Test
    void aLeaderOfAnotherGroupWithTheSameIdQuits() {
        KVRangeId id = new KVRangeId(100, 0);
        SyntheticLandscape l = SyntheticLandscape.stores("s1", "s2")
            .range(id, 9, Boundary.FULL, "s1", Set.of("s1"), Set.of())
            .replica("s2", new RangeDescriptor(id, 2, Boundary.FULL, RangeState.Normal, RaftRole.Leader,
                ClusterConfig.of(Set.of("s2"), Set.of()), Map.of(), Map.of(), LoadHint.NONE, 1));
        StoreBalancer s2 = balancerOf("s2");
        s2.update(l.build());
        assertThat(s2.balance()).isEqualTo(new BalanceResult.AwaitBalance(Duration.ofMillis(10_000)));
        clock.advance(10_000);
        s2.update(l.build());
        assertThat(command(s2)).isEqualTo(new BalanceCommand.Quit("s2", id, 2));
        StoreBalancer s1 = balancerOf("s1");
        s1.update(l.build());
        assertThat(s1.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void ofTwoOverlappingRangesTheOneWithTheOlderBoundaryVersionQuits() {
        long oldVer = 1;
        long newVer = RangeDescriptor.nextBoundaryVer(1);
        SyntheticLandscape l = SyntheticLandscape.stores("s1", "s2")
            .range(new KVRangeId(100, 0), newVer, boundary(null, "m"), "s1", Set.of("s1"), Set.of())
            .range(new KVRangeId(100, 1), newVer, boundary("m", null), "s1", Set.of("s1"), Set.of())
            .range(new KVRangeId(100, 7), oldVer, boundary("k", null), "s2", Set.of("s2"), Set.of());
        StoreBalancer s2 = balancerOf("s2");
        s2.update(l.build());
        assertThat(s2.balance()).isInstanceOf(BalanceResult.AwaitBalance.class);
        clock.advance(10_000);
        s2.update(l.build());
        assertThat(command(s2)).isEqualTo(new BalanceCommand.Quit("s2", new KVRangeId(100, 7), oldVer));
        StoreBalancer s1 = balancerOf("s1");
        s1.update(l.build());
        assertThat(s1.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void aLeaderThatHasNotCaughtUpIsNoEvidenceOfAnOverlap() {
        // the new leader of 100_0 still describes the range as it was before its split; a follower knows better
        long splitVer = RangeDescriptor.nextBoundaryVer(0);
        KVRangeId parent = new KVRangeId(100, 0);
        SyntheticLandscape l = SyntheticLandscape.stores("s1", "s2")
            .range(new KVRangeId(100, 5), splitVer, boundary("d", null), "s1", Set.of("s1", "s2"), Set.of())
            .replica("s2", new RangeDescriptor(parent, 0, Boundary.FULL, RangeState.Normal, RaftRole.Leader,
                ClusterConfig.of(Set.of("s1", "s2"), Set.of()), Map.of(), Map.of(), LoadHint.NONE, 1))
            .replica("s1", new RangeDescriptor(parent, splitVer, boundary(null, "d"), RangeState.Normal,
                RaftRole.Follower, ClusterConfig.of(Set.of("s1", "s2"), Set.of()), Map.of(), Map.of(), LoadHint.NONE,
                1));
        for (String s : new String[] {"s1", "s2"}) {
            StoreBalancer b = balancerOf(s);
            b.update(l.build());
            clock.advance(60_000);
            b.update(l.build());
            assertThat(b.balance()).as(s).isEqualTo(BalanceResult.NO_NEED);
        }
    }

    private static BalanceCommand command(StoreBalancer b) {
        BalanceResult r = b.balance();
        assertThat(r).isInstanceOf(BalanceResult.BalanceNow.class);
        return ((BalanceResult.BalanceNow) r).command();
    }
}
