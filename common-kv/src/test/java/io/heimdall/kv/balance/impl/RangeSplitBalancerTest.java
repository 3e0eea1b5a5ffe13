package io.heimdall.kv.balance.impl;

import static io.heimdall.kv.balance.SyntheticLandscape.boundary;
import static io.heimdall.kv.balance.SyntheticLandscape.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.SyntheticLandscape;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.LoadHint;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangeSplitBalancerTest {
    private static final KVRangeId HOT = new KVRangeId(1, 0);
    private static final KVRangeId HOTTER = new KVRangeId(1, 1);
    private final RangeSplitBalancerFactory factory = new RangeSplitBalancerFactory();

    private SyntheticLandscape landscape(double cpu, long ioLatency) {
        return SyntheticLandscape.stores("s1", "s2").storeStat("s1", "cpu.usage", cpu)
            .range(new SyntheticLandscape.Range(HOT, 3, boundary(null, "m"), "s1",
                ClusterConfig.of(Set.of("s1", "s2"), Set.of())).hint(new LoadHint(150, ioLatency, 0, key("f"))))
            .range(new SyntheticLandscape.Range(HOTTER, 5, boundary("m", null), "s1",
                ClusterConfig.of(Set.of("s1", "s2"), Set.of())).hint(new LoadHint(400, ioLatency, 0, key("t"))));
    }

    @Test
    void splitsTheHottestLedRangeAtItsHintKey() {
        StoreBalancer b = factory.newBalancer("inbox.store", "s1");
        b.update(landscape(0.3, 1_000).build());
        BalanceResult r = b.balance();
        assertThat(r).isInstanceOf(BalanceResult.BalanceNow.class);
        assertThat(((BalanceResult.BalanceNow) r).command())
            .isEqualTo(new BalanceCommand.Split("s1", HOTTER, 5, key("t")));
        StoreBalancer follower = factory.newBalancer("inbox.store", "s2");
        follower.update(landscape(0.3, 1_000).build());
        assertThat(follower.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void doesNotSplitWhenStorageIsTheBottleneckOrTheCpuIsBusyOrTheStoreIsFull() {
        StoreBalancer b = factory.newBalancer("inbox.store", "s1");
        b.update(landscape(0.3, 50_000).build());
        assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);
        b.update(landscape(0.95, 1_000).build());
        assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);
        b.update(new JsonObject().put("maxRangesPerStore", 2));
        b.update(landscape(0.3, 1_000).build());
        assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);
        b.update(new JsonObject().put("maxRangesPerStore", 3).put("maxIODensityPerRange", 500));
        assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);
        b.update(new JsonObject().put("maxIODensityPerRange", 200));
        assertThat(b.balance()).isInstanceOf(BalanceResult.BalanceNow.class);
    }

    @Test
    void ignoresAHintKeyOutsideTheBoundary() {
        StoreBalancer b = factory.newBalancer("inbox.store", "s1");
        b.update(SyntheticLandscape.stores("s1")
            .range(new SyntheticLandscape.Range(HOT, 3, boundary("a", "m"), "s1",
                ClusterConfig.of(Set.of("s1"), Set.of())).hint(new LoadHint(900, 10, 0, key("z"))))
            .build());
        assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void validatesItsRules() {
        assertThat(factory.validate(factory.initialLoadRules())).isEmpty();
        assertThat(factory.validate(new JsonObject().put("maxCpuUsagePerRange", 1.5)))
            .singleElement().asString().startsWith("maxCpuUsagePerRange:");
        assertThat(factory.validate(new JsonObject().put("maxRangesPerStore", 0))).hasSize(1);
    }
}
