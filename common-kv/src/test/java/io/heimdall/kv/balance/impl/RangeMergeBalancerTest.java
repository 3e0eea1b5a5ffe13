package io.heimdall.kv.balance.impl;

import static io.heimdall.kv.balance.SyntheticLandscape.boundary;
import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.SyntheticLandscape;
import io.heimdall.kv.balance.TestClock;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.LoadHint;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangeMergeBalancerTest {
    private static final KVRangeId LEFT = new KVRangeId(1, 0);
    private static final KVRangeId RIGHT = new KVRangeId(1, 1);
    private final TestClock clock = new TestClock();
    private final RangeMergeBalancerFactory factory = new RangeMergeBalancerFactory();

    private SyntheticLandscape pair(double rightIo, Set<String> rightVoters) {
        return SyntheticLandscape.stores("s1", "s2", "s3")
            .range(new SyntheticLandscape.Range(LEFT, 7, boundary(null, "m"), "s1",
                ClusterConfig.of(Set.of("s1", "s2"), Set.of("s3"))).stats(Map.of("dataSize", 1000.0)))
            .range(new SyntheticLandscape.Range(RIGHT, 4, boundary("m", null), "s2",
                ClusterConfig.of(rightVoters, Set.of("s3"))).hint(new LoadHint(rightIo, 0, 0, null)));
    }

    @Test
    void mergesColdNeighboursWithIdenticalMembersOnceTheyStayedCold() {
        StoreBalancer s1 = factory.newBalancer("retain.store", "s1", clock.context(1));
        s1.update(pair(0.1, Set.of("s1", "s2")).build());
        assertThat(s1.balance()).isEqualTo(new BalanceResult.AwaitBalance(Duration.ofMillis(300_000)));
        clock.advance(300_000);
        s1.update(pair(0.1, Set.of("s1", "s2")).build());
        BalanceResult r = s1.balance();
        assertThat(r).isInstanceOf(BalanceResult.BalanceNow.class);
        assertThat(((BalanceResult.BalanceNow) r).command()).isEqualTo(new BalanceCommand.Merge("s1", LEFT, 7, RIGHT));
        // only the merger's leader acts
        StoreBalancer s2 = factory.newBalancer("retain.store", "s2", clock.context(1));
        s2.update(pair(0.1, Set.of("s1", "s2")).build());
        clock.advance(600_000);
        assertThat(s2.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void aHotSpellRestartsTheColdPeriod() {
        StoreBalancer s1 = factory.newBalancer("retain.store", "s1", clock.context(1));
        s1.update(pair(0.1, Set.of("s1", "s2")).build());
        clock.advance(200_000);
        s1.update(pair(50, Set.of("s1", "s2")).build());
        assertThat(s1.balance()).isEqualTo(BalanceResult.NO_NEED);
        s1.update(pair(0.1, Set.of("s1", "s2")).build());
        clock.advance(200_000);
        s1.update(pair(0.1, Set.of("s1", "s2")).build());
        assertThat(s1.balance()).isEqualTo(new BalanceResult.AwaitBalance(Duration.ofMillis(100_000)));
    }

    @Test
    void neighboursWithDifferentMembersDoNotMerge() {
        StoreBalancer s1 = factory.newBalancer("retain.store", "s1", clock.context(1));
        s1.update(pair(0.1, Set.of("s1", "s3")).build());
        clock.advance(1_000_000);
        assertThat(s1.balance()).isEqualTo(BalanceResult.NO_NEED);
    }
}
