package io.heimdall.kv.balance.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.config.ConfiguredBalancer;
import io.heimdall.kv.balance.impl.RangeBootstrapBalancerFactory;
import io.heimdall.kv.balance.impl.RangeLeaderBalancerFactory;
import io.heimdall.kv.balance.impl.ReplicaCntBalancerFactory;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Balance controllers on four real stores: from nothing to a balanced cluster, and runtime control. */
class BalanceControllerStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REPLICA_CNT = ReplicaCntBalancerFactory.class.getName();
    private static final String LEADER = RangeLeaderBalancerFactory.class.getName();

    @TempDir
    Path dir;

    private static List<ConfiguredBalancer> balancers() {
        return List.of(
            // a short bootstrap delay makes concurrent bootstraps (and so the epoch conflict) likely
            new ConfiguredBalancer(RangeBootstrapBalancerFactory.class.getName(), new RangeBootstrapBalancerFactory(),
                new JsonObject().put("maxBootstrapDelayMillis", 200)),
            new ConfiguredBalancer(REPLICA_CNT, new ReplicaCntBalancerFactory(),
                new JsonObject().put("votersPerRange", 3).put("learnersPerRange", -1)),
            new ConfiguredBalancer(LEADER, new RangeLeaderBalancerFactory(),
                new JsonObject()));
    }

    @Test
    void fromNothingToOneEpochThreeVotersEveryOtherStoreALearnerAndEvenLeadersThenRuntimeControl()
        throws Exception {
        try (LocalStores c = new LocalStores(dir, 4, i -> balancers())) {
            // placement waits until the test has cut the genesis range into four
            for (int i = 0; i < c.size(); i++) {
                c.controller(i).setDisabled(REPLICA_CNT, true).get(10, TimeUnit.SECONDS);
                c.controller(i).setDisabled(LEADER, true).get(10, TimeUnit.SECONDS);
            }
            c.start();
            Poll.until("one range hosted once", WAIT, () -> c.leaders().size() == 1 && c.totalReplicas() == 1,
                c::picture);
            assertThat(allReplicaEpochs(c)).as("surviving epochs").isEqualTo(1);
            for (String key : List.of("d", "h", "p")) {
                c.splitAt(key, WAIT);
            }

            for (int i = 0; i < c.size(); i++) {
                c.controller(i).setDisabled(REPLICA_CNT, false).get(10, TimeUnit.SECONDS);
                c.controller(i).setDisabled(LEADER, false).get(10, TimeUnit.SECONDS);
            }
            Poll.until("4 ranges of 3 voters + 1 learner, 3 voters and exactly 1 leader per store", WAIT, () -> {
                Map<KVRangeId, RangeDescriptor> leaders = c.leaders();
                Map<String, Integer> led = leaderCounts(c);
                return leaders.size() == 4 && wellReplicated(leaders.values(), 3, 1)
                    && spread(voterCounts(c)) <= 1 && led.values().stream().allMatch(n -> n == 1);
            }, c::picture);
            assertThat(allReplicaEpochs(c)).isEqualTo(1);

            // disabled: new rules are stored but nothing acts on them
            for (int i = 0; i < c.size(); i++) {
                c.controller(i).setDisabled(REPLICA_CNT, true).get(10, TimeUnit.SECONDS);
                c.controller(i).updateRules(REPLICA_CNT, new JsonObject().put("votersPerRange", 1)
                    .put("learnersPerRange", 0)).get(10, TimeUnit.SECONDS);
            }
            assertThat(c.controller(0).status().get(10, TimeUnit.SECONDS).get(REPLICA_CNT).disable()).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                // several retry periods (0.35-1.05 s each) pass: a disabled balancer must not act in any of them
                assertThat(wellReplicated(c.leaders().values(), 3, 1)).as(c.picture()).isTrue();
                Thread.sleep(200);
            }

            // enabled: the new rules take effect
            for (int i = 0; i < c.size(); i++) {
                c.controller(i).setDisabled(REPLICA_CNT, false).get(10, TimeUnit.SECONDS);
            }
            Poll.until("every range down to 1 voter and no learner", WAIT,
                () -> c.leaders().size() == 4 && wellReplicated(c.leaders().values(), 1, 0), c::picture);
            double issued = 0;
            double succeeded = 0;
            for (int i = 0; i < c.size(); i++) {
                issued += c.meters(i).get("balancer.commands.issued").tag("balancer", "ReplicaCntBalancer")
                    .counter().count();
                succeeded += c.meters(i).get("balancer.commands.succeeded").tag("balancer", "ReplicaCntBalancer")
                    .counter().count();
            }
            assertThat(succeeded).isPositive().isLessThanOrEqualTo(issued);
        }
    }

    private static boolean wellReplicated(Iterable<RangeDescriptor> leaders, int voters, int learners) {
        for (RangeDescriptor r : leaders) {
            if (r.config().inJointConfig() || r.config().voters().size() != voters
                || r.config().learners().size() != learners) {
                return false;
            }
        }
        return true;
    }



    private static long allReplicaEpochs(LocalStores c) {
        TreeSet<Long> epochs = new TreeSet<>();
        for (int i = 0; i < c.size(); i++) {
            LocalStores.describe(c.store(i)).ranges().forEach(r -> epochs.add(r.id().epoch()));
        }
        return epochs.size();
    }

    private static Map<String, Integer> voterCounts(LocalStores c) {
        Map<String, Integer> out = zero(c);
        c.leaders().values().forEach(r -> r.config().voters().forEach(v -> out.merge(v, 1, Integer::sum)));
        return out;
    }

    private static Map<String, Integer> leaderCounts(LocalStores c) {
        Map<String, Integer> out = zero(c);
        c.leaderStores().values().forEach(s -> out.merge(s, 1, Integer::sum));
        return out;
    }

    private static Map<String, Integer> zero(LocalStores c) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < c.size(); i++) {
            out.put(c.store(i).id(), 0);
        }
        return out;
    }

    private static int spread(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)
            - counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }
}
