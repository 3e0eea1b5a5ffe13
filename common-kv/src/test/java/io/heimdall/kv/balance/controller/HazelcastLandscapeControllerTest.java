package io.heimdall.kv.balance.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.config.ConfiguredBalancer;
import io.heimdall.kv.balance.impl.RangeBootstrapBalancerFactory;
import io.heimdall.kv.balance.impl.ReplicaCntBalancerFactory;
import io.heimdall.kv.balance.runtime.StoreBalancing;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.landscape.ClusterNodes;
import io.heimdall.kv.landscape.Landscape;
import io.heimdall.kv.landscape.LandscapePublisher;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores balanced through {@link StoreBalancing}: controllers fed by the Hazelcast landscape the stores publish
 * themselves, as a node wires them.
 */
class HazelcastLandscapeControllerTest {
    private static final String STORE_NAME = "landscape.balance.test";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void twoNodesEndWithOneRangeOfOneVoterAndTheOtherStoreALearner() throws Exception {
        Map<String, String> endpoints = new ConcurrentHashMap<>();
        List<RaftKVRangeStore> stores = new ArrayList<>();
        List<AutoCloseable> closing = new ArrayList<>();
        try (ClusterNodes hz = ClusterNodes.start(2)) {
          try {
            List<Landscape> landscapes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                RaftKVRangeStore s = new RaftKVRangeStore(KVRangeStoreOptions.of(STORE_NAME, dir.resolve("s" + i),
                        "127.0.0.1", 0, KVRangeCoProcFactory.none(), id -> Optional.ofNullable(endpoints.get(id)))
                    .withFsync(false).withElectionTimeoutMin(Duration.ofMillis(1000))
                    .withStatsInterval(Duration.ofMillis(500)));
                s.start().get(60, TimeUnit.SECONDS);
                endpoints.put(s.id(), s.raftEndpoint());
                stores.add(s);
                LandscapePublisher p = LandscapePublisher.attach(hz.hazelcast(i), s).get(30, TimeUnit.SECONDS);
                closing.add(() -> p.stop().get(30, TimeUnit.SECONDS));
                Landscape l = new Landscape(hz.hazelcast(i), STORE_NAME).start();
                closing.add(l::stop);
                landscapes.add(l);
            }
            List<ConfiguredBalancer> balancers = List.of(
                new ConfiguredBalancer(RangeBootstrapBalancerFactory.class.getName(),
                    new RangeBootstrapBalancerFactory(), new JsonObject().put("maxBootstrapDelayMillis", 300)),
                new ConfiguredBalancer(ReplicaCntBalancerFactory.class.getName(), new ReplicaCntBalancerFactory(),
                    new JsonObject().put("votersPerRange", 1).put("learnersPerRange", -1)));
            for (int i = 0; i < 2; i++) {
                StoreBalancing b = StoreBalancing.start(hz.hazelcast(i), stores.get(i), landscapes.get(i), balancers,
                    new SimpleMeterRegistry(), Duration.ofMillis(500));
                closing.add(0, b);
            }
            String[] seen = new String[1];
            Poll.until("one range: a voter on one store, a learner on the other, as the landscape shows it", WAIT,
                () -> {
                    Set<String> summary = new TreeSet<>();
                    for (StoreDescriptor d : landscapes.get(0).current().values()) {
                        for (RangeDescriptor r : d.ranges()) {
                            summary.add(r.id() + " " + r.role() + " v" + r.config().voters().size() + " l"
                                + r.config().learners().size());
                        }
                    }
                    seen[0] = summary.toString();
                    // two replicas of one range (one epoch), one of them leading, both with 1 voter + 1 learner
                    return summary.size() == 2 && summary.stream().allMatch(e -> e.endsWith(" v1 l1"))
                        && summary.stream().map(e -> e.substring(0, e.indexOf(' '))).distinct().count() == 1
                        && summary.stream().anyMatch(e -> e.contains(" Leader "));
                }, () -> seen[0]);
            assertThat(landscapes.get(1).current()).hasSize(2);
          } finally {
            // before the Hazelcast members go: publishers withdraw their entries through them
            for (AutoCloseable c : closing) {
                c.close();
            }
            for (RaftKVRangeStore s : stores) {
                s.stop().get(60, TimeUnit.SECONDS);
            }
          }
        }
    }
}
