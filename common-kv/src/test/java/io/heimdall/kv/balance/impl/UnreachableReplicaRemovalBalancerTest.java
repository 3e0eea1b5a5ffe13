package io.heimdall.kv.balance.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.SyntheticLandscape;
import io.heimdall.kv.balance.TestClock;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.range.SyncState;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnreachableReplicaRemovalBalancerTest {
    private static final KVRangeId ID = new KVRangeId(100, 0);
    private final TestClock clock = new TestClock();
    private final UnreachableReplicaRemovalBalancerFactory factory = new UnreachableReplicaRemovalBalancerFactory();

    private StoreBalancer balancerOf(String store) {
        return factory.newBalancer("dist.worker", store, clock.context(1));
    }

    @Test
    void theLeaderDropsAMemberWhoseStoreLeftAfterTheSuspicionTime() {
        // s3 is gone from the landscape but still in the config
        SyntheticLandscape l = SyntheticLandscape.stores("s1", "s2")
            .range(ID, 7, Boundary.FULL, "s1", Set.of("s1", "s2", "s3"), Set.of("s4"));
        StoreBalancer s1 = balancerOf("s1");
        s1.update(l.build());
        assertThat(s1.balance()).isEqualTo(new BalanceResult.AwaitBalance(Duration.ofMillis(15_000)));
        clock.advance(15_000);
        BalanceResult r = s1.balance();
        assertThat(r).isInstanceOf(BalanceResult.BalanceNow.class);
        // s3 sorts before s4: one member per command, in order
        assertThat(((BalanceResult.BalanceNow) r).command())
            .isEqualTo(new BalanceCommand.ChangeConfig("s1", ID, 7, Set.of("s1", "s2"), Set.of("s4")));
        // followers never act
        StoreBalancer s2 = balancerOf("s2");
        s2.update(l.build());
        clock.advance(60_000);
        assertThat(s2.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void anAliveStoreThatNoLongerHostsTheRangeAndIsProbingIsDropped() {
        SyntheticLandscape l = SyntheticLandscape.stores("s1", "s2", "s3")
            .range(new SyntheticLandscape.Range(ID, 7, Boundary.FULL, "s1",
                ClusterConfig.of(Set.of("s1", "s2", "s3"), Set.of())).sync("s3", SyncState.Probing));
        // s3's replica is gone: rebuild the landscape without it
        var stores = new LinkedHashSet<StoreDescriptor>();
        for (var d : l.build()) {
            stores.add(d.id().equals("s3") ? new StoreDescriptor(d.id(), d.hostId(),
                d.raftEndpoint(), d.attributes(), d.statistics(), List.of(), d.hlc()) : d);
        }
        StoreBalancer s1 = balancerOf("s1");
        s1.update(stores);
        clock.advance(15_000);
        s1.update(stores);
        BalanceResult r = s1.balance();
        assertThat(r).isInstanceOf(BalanceResult.BalanceNow.class);
        assertThat(((BalanceCommand.ChangeConfig) ((BalanceResult.BalanceNow) r).command()).voters())
            .containsExactlyInAnyOrder("s1", "s2");
    }

    @Test
    void aLaggingMemberThatStillHostsTheRangeStays() {
        SyntheticLandscape l = SyntheticLandscape.stores("s1", "s2", "s3")
            .range(new SyntheticLandscape.Range(ID, 7, Boundary.FULL, "s1",
                ClusterConfig.of(Set.of("s1", "s2", "s3"), Set.of())).sync("s3", SyncState.Probing));
        StoreBalancer s1 = balancerOf("s1");
        s1.update(l.build());
        clock.advance(600_000);
        assertThat(s1.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void aStoreThatComesBackBeforeTheSuspicionTimeIsKept() {
        SyntheticLandscape gone = SyntheticLandscape.stores("s1", "s2")
            .range(ID, 7, Boundary.FULL, "s1", Set.of("s1", "s2", "s3"), Set.of());
        SyntheticLandscape back = SyntheticLandscape.stores("s1", "s2", "s3")
            .range(ID, 7, Boundary.FULL, "s1", Set.of("s1", "s2", "s3"), Set.of());
        StoreBalancer s1 = balancerOf("s1");
        s1.update(gone.build());
        clock.advance(10_000);
        s1.update(back.build());
        clock.advance(10_000);
        assertThat(s1.balance()).isEqualTo(BalanceResult.NO_NEED);
        s1.update(gone.build());
        assertThat(s1.balance()).isEqualTo(new BalanceResult.AwaitBalance(Duration.ofMillis(15_000)));
    }
}
