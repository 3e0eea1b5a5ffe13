package io.heimdall.kv.balance.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.config.ConfiguredBalancer;
import io.heimdall.kv.balance.impl.RangeBootstrapBalancerFactory;
import io.heimdall.kv.balance.impl.RangeMergeBalancerFactory;
import io.heimdall.kv.balance.impl.RangeSplitBalancerFactory;
import io.heimdall.kv.balance.impl.ReplicaCntBalancerFactory;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.store.RaftKVRangeStore;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a real store: a range under sustained writes splits, and the two cold halves merge back. */
class SplitMergeStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SPLIT = RangeSplitBalancerFactory.class.getName();
    private static final String MERGE = RangeMergeBalancerFactory.class.getName();

    @TempDir
    Path dir;

    @Test
    void aRangeUnderWriteLoadSplitsAndColdNeighboursMergeBack() throws Exception {
        List<ConfiguredBalancer> balancers = List.of(
            new ConfiguredBalancer(RangeBootstrapBalancerFactory.class.getName(), new RangeBootstrapBalancerFactory(),
                new JsonObject().put("maxBootstrapDelayMillis", 0)),
            new ConfiguredBalancer(ReplicaCntBalancerFactory.class.getName(), new ReplicaCntBalancerFactory(),
                new JsonObject().put("votersPerRange", 1).put("learnersPerRange", 0)),
            // latency limit out of the way: this test is about density; the latency rule has its unit tests
            new ConfiguredBalancer(SPLIT, new RangeSplitBalancerFactory(), new JsonObject()
                .put("maxIODensityPerRange", 20).put("ioNanosLimitPerRange", 1_000_000_000L)
                .put("maxCpuUsagePerRange", 1.0).put("maxRangesPerStore", 2)),
            new ConfiguredBalancer(MERGE, new RangeMergeBalancerFactory(), new JsonObject()
                .put("coldMillis", 3_600_000L)));
        try (LocalStores c = new LocalStores(dir, 1, i -> balancers)) {
            c.start();
            RaftKVRangeStore store = c.store(0);
            Poll.until("the genesis range", WAIT, () -> c.leaders().size() == 1, c::picture);

            // sustained writes, bounded in count and time, until the split balancer acts
            long deadline = System.nanoTime() + WAIT.toNanos();
            int written = 0;
            while (c.leaders().size() < 2 && written < 20_000 && System.nanoTime() < deadline) {
                put(store, "key-" + (char) ('a' + written % 26) + "-" + written, "v" + written);
                written++;
            }
            // the cap of 2 ranges may be passed by one: a split can be decided before the previous child shows
            assertThat(c.leaders().size()).as("ranges after %d writes: %s", written, c.picture()).isBetween(2, 3);
            assertThat(c.meters(0).get("balancer.commands.succeeded").tag("balancer", "RangeSplitBalancer")
                .counter().count()).isBetween(1.0, 2.0);

            // quiet now; the halves count as cold at once and merge back
            c.controller(0).setDisabled(SPLIT, true).get(10, TimeUnit.SECONDS);
            c.controller(0).updateRules(MERGE, new JsonObject().put("coldMillis", 500)
                .put("maxIODensityToMerge", 1_000_000)).get(10, TimeUnit.SECONDS);
            Poll.until("one range again", WAIT, () -> c.leaders().size() == 1
                && c.leaders().values().iterator().next().boundary().start() == null
                && c.leaders().values().iterator().next().boundary().end() == null, c::picture);
            assertThat(c.meters(0).get("balancer.commands.succeeded").tag("balancer", "RangeMergeBalancer")
                .counter().count()).isGreaterThanOrEqualTo(1.0);
            for (int i = 0; i < written; i += Math.max(1, written / 50)) {
                assertThat(get(store, "key-" + (char) ('a' + i % 26) + "-" + i)).contains("v" + i);
            }
        }
    }

    private static RangeDescriptor rangeOf(RaftKVRangeStore store, byte[] key) {
        return LocalStores.describe(store).ranges().stream()
            .filter(r -> r.isLeader() && r.boundary().contains(key)).findFirst().orElseThrow();
    }

    private static void put(RaftKVRangeStore store, String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        Poll.until("put " + key, WAIT, () -> {
            RangeDescriptor r = rangeOf(store, k);
            store.put(r.ver(), r.id(), k, value.getBytes(StandardCharsets.UTF_8)).orTimeout(10, TimeUnit.SECONDS).join();
            return true;
        }, () -> "no put");
    }

    private static Optional<String> get(RaftKVRangeStore store, String key) throws Exception {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        RangeDescriptor r = rangeOf(store, k);
        return store.get(r.ver(), r.id(), k, true).get(10, TimeUnit.SECONDS)
            .map(v -> new String(v, StandardCharsets.UTF_8));
    }
}
