package io.heimdall.kv.balance.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.config.ConfiguredBalancer;
import io.heimdall.kv.balance.impl.RangeBootstrapBalancerFactory;
import io.heimdall.kv.balance.impl.ReplicaCntBalancerFactory;
import io.heimdall.kv.balance.impl.UnreachableReplicaRemovalBalancerFactory;
import io.heimdall.kv.range.RangeDescriptor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped store's replica is dropped after the suspicion time and replaced on a live store. */
class StoreLossTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REPLICA_CNT = ReplicaCntBalancerFactory.class.getName();

    @TempDir
    Path dir;

    @Test
    void aStoppedStoresReplicaIsDroppedAfterTheSuspicionTimeAndReplaced() throws Exception {
        List<ConfiguredBalancer> balancers = List.of(
            new ConfiguredBalancer(RangeBootstrapBalancerFactory.class.getName(), new RangeBootstrapBalancerFactory(),
                new JsonObject().put("maxBootstrapDelayMillis", 200)),
            new ConfiguredBalancer(UnreachableReplicaRemovalBalancerFactory.class.getName(),
                new UnreachableReplicaRemovalBalancerFactory(), new JsonObject().put("suspicionMillis", 2000)),
            new ConfiguredBalancer(REPLICA_CNT, new ReplicaCntBalancerFactory(),
                new JsonObject().put("votersPerRange", 3).put("learnersPerRange", 0)));
        try (LocalStores c = new LocalStores(dir, 4, i -> balancers).start()) {
            Poll.until("one range of 3 voters", WAIT, () -> c.leaders().size() == 1
                && settledVoters(c) == 3, c::picture);
            RangeDescriptor range = c.leaders().values().iterator().next();
            String leader = c.leaderStores().get(range.id());
            String victim = range.config().voters().stream().filter(v -> !v.equals(leader)).sorted()
                .findFirst().orElseThrow();
            int victimIndex = indexOf(c, victim);

            // with ReplicaCnt off, only the unreachable-replica removal acts: it waits out the suspicion time
            for (int i = 0; i < c.size(); i++) {
                c.controller(i).setDisabled(REPLICA_CNT, true).get(10, TimeUnit.SECONDS);
            }
            long stoppedAt = System.nanoTime();
            c.stop(victimIndex);
            Poll.until("the stopped store dropped", WAIT, () -> settledVoters(c) == 2
                && !c.leaders().values().iterator().next().config().voters().contains(victim), c::picture);
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(2000));

            for (int i = 0; i < c.size(); i++) {
                if (i != victimIndex) {
                    c.controller(i).setDisabled(REPLICA_CNT, false).get(10, TimeUnit.SECONDS);
                }
            }
            Poll.until("3 voters again, all alive", WAIT, () -> settledVoters(c) == 3
                && !c.leaders().values().iterator().next().config().voters().contains(victim), c::picture);
            double removals = 0;
            for (int i = 0; i < c.size(); i++) {
                if (i != victimIndex) {
                    removals += c.meters(i).get("balancer.commands.succeeded")
                        .tag("balancer", "UnreachableReplicaRemovalBalancer").counter().count();
                }
            }
            assertThat(removals).isEqualTo(1.0);
        }
    }

    private static int settledVoters(LocalStores c) {
        Map<?, RangeDescriptor> leaders = c.leaders();
        if (leaders.size() != 1) {
            return -1;
        }
        RangeDescriptor r = leaders.values().iterator().next();
        return r.config().inJointConfig() ? -1 : r.config().voters().size();
    }

    private static int indexOf(LocalStores c, String storeId) {
        for (int i = 0; i < c.size(); i++) {
            if (c.store(i).id().equals(storeId)) {
                return i;
            }
        }
        throw new IllegalArgumentException(storeId);
    }
}
