package io.heimdall.kv.balance.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.config.ConfiguredBalancer;
import io.heimdall.kv.balance.impl.RangeBootstrapBalancerFactory;
import io.heimdall.kv.balance.impl.RangeLeaderBalancerFactory;
import io.heimdall.kv.balance.impl.ReplicaCntBalancerFactory;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.store.RaftKVRangeStore;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that joins while writes go on gets its share of replicas, and no acknowledged write is lost. With
 * {@code learnersPerRange} -1 it first becomes a learner of every range, then voter seats move to it by swapping
 * roles with their holders.
 */
class StoreJoinUnderLoadTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REPLICA_CNT = ReplicaCntBalancerFactory.class.getName();
    private static final String LEADER = RangeLeaderBalancerFactory.class.getName();

    @TempDir
    Path dir;

    @Test
    void aJoiningStoreGetsItsShareUnderWriteLoadAndNoAcknowledgedWriteIsLost() throws Exception {
        List<ConfiguredBalancer> balancers = List.of(
            new ConfiguredBalancer(RangeBootstrapBalancerFactory.class.getName(), new RangeBootstrapBalancerFactory(),
                new JsonObject().put("maxBootstrapDelayMillis", 200)),
            new ConfiguredBalancer(REPLICA_CNT, new ReplicaCntBalancerFactory(),
                new JsonObject().put("votersPerRange", 3).put("learnersPerRange", -1)),
            new ConfiguredBalancer(LEADER, new RangeLeaderBalancerFactory(), new JsonObject()));
        try (LocalStores c = new LocalStores(dir, 4, i -> balancers).hide(3)) {
            for (int i = 0; i < 3; i++) {
                c.controller(i).setDisabled(REPLICA_CNT, true).get(10, TimeUnit.SECONDS);
                c.controller(i).setDisabled(LEADER, true).get(10, TimeUnit.SECONDS);
            }
            c.start();
            Poll.until("one range hosted once", WAIT, () -> c.leaders().size() == 1 && c.totalReplicas() == 1,
                c::picture);
            for (String key : List.of("d", "h", "p")) {
                c.splitAt(key, WAIT);
            }
            for (int i = 0; i < 3; i++) {
                c.controller(i).setDisabled(REPLICA_CNT, false).get(10, TimeUnit.SECONDS);
                c.controller(i).setDisabled(LEADER, false).get(10, TimeUnit.SECONDS);
            }
            Poll.until("4 ranges on the 3 first stores", WAIT, () -> settled(c, 4), c::picture);

            ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                for (int n = 0; writing.get() && n < 50_000 && System.nanoTime() < deadline; n++) {
                    String key = (char) ('a' + n % 26) + "-" + n;
                    if (tryPut(c, key)) {
                        acked.add(key);
                    }
                }
            }, "writer");
            writer.start();
            try {
                Poll.until("some writes before the join", WAIT, () -> acked.size() > 50, c::picture);
                c.join(3);
                String joined = c.store(3).id();
                Poll.until("the new store holds its share: 3 voter seats each, the 4th store a learner", WAIT, () -> {
                    Map<String, Integer> seats = voterSeats(c);
                    return settled(c, 4) && seats.size() == 4 && seats.values().stream().allMatch(n -> n == 3)
                        && c.leaders().values().stream().allMatch(r -> r.config().learners().size() == 1);
                }, c::picture);
                assertThat(voterSeats(c).get(joined)).isEqualTo(3);
            } finally {
                writing.set(false);
                writer.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertThat(acked).hasSizeGreaterThan(50);
            for (String key : acked) {
                assertThat(read(c, key)).as("acknowledged write %s", key).contains(key);
            }
        }
    }

    private static boolean settled(LocalStores c, int ranges) {
        Map<KVRangeId, RangeDescriptor> leaders = c.leaders();
        return leaders.size() == ranges && leaders.values().stream()
            .allMatch(r -> !r.config().inJointConfig() && r.config().voters().size() == 3);
    }

    private static Map<String, Integer> voterSeats(LocalStores c) {
        Map<String, Integer> out = new HashMap<>();
        c.leaders().values().forEach(r -> r.config().voters().forEach(v -> out.merge(v, 1, Integer::sum)));
        return out;
    }

    /** One put through the current leader of the key's range; false when it was not acknowledged. */
    private static boolean tryPut(LocalStores c, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Map.Entry<RaftKVRangeStore, RangeDescriptor> l = c.leaderFor(k).orElseThrow();
                l.getKey().put(l.getValue().ver(), l.getValue().id(), k, k).get(10, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                // not acknowledged: stale route, election or a change in progress; try again
                Thread.onSpinWait();
            }
        }
        return false;
    }

    private static Optional<String> read(LocalStores c, String key) throws Exception {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
            try {
                Map.Entry<RaftKVRangeStore, RangeDescriptor> l = c.leaderFor(k).orElseThrow();
                return l.getKey().get(l.getValue().ver(), l.getValue().id(), k, true).get(10, TimeUnit.SECONDS)
                    .map(v -> new String(v, StandardCharsets.UTF_8));
            } catch (Exception e) {
                if (attempt > 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
