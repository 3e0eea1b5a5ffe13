package io.heimdall.kv.balance.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.config.ConfiguredBalancer;
import io.heimdall.kv.balance.controller.BalanceController;
import io.heimdall.kv.balance.controller.LandscapeSource;
import io.heimdall.kv.balance.impl.RangeBootstrapBalancerFactory;
import io.heimdall.kv.balance.impl.ReplicaCntBalancerFactory;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.landscape.ClusterNodes;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime control across two Hazelcast members, each hosting a real store with its controller: proposals written
 * through one member's {@link BalancerAdmin} reach both stores, which report what they run.
 */
class BalancerRuntimeTest {
    private static final String STORE_NAME = "runtime.test";
    private static final String REPLICA_CNT = ReplicaCntBalancerFactory.class.getName();
    private static final String ALIAS = "org.apache.bifromq.dist.worker.balance.ReplicaCntBalancerFactory";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final Map<String, String> endpoints = new ConcurrentHashMap<>();
    private final List<RaftKVRangeStore> stores = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private final LandscapeSource landscape = new LandscapeSource() {
        @Override
        public Collection<StoreDescriptor> current() {
            return stores.stream().map(BalancerRuntimeTest::describe).toList();
        }

        @Override
        public AutoCloseable onChange(Runnable listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    };

    @Test
    void proposalsReachEveryStoreWhichReportsWhatItRuns() throws Exception {
        List<AutoCloseable> closing = new ArrayList<>();
        try (ClusterNodes hz = ClusterNodes.start(2)) {
            for (int i = 0; i < 2; i++) {
                RaftKVRangeStore s = new RaftKVRangeStore(KVRangeStoreOptions.of(STORE_NAME, dir.resolve("s" + i),
                        "127.0.0.1", 0, KVRangeCoProcFactory.none(), id -> Optional.ofNullable(endpoints.get(id)))
                    .withFsync(false).withElectionTimeoutMin(Duration.ofMillis(1000)));
                s.start().get(60, TimeUnit.SECONDS);
                endpoints.put(s.id(), s.raftEndpoint());
                s.onDescriptorChange(d -> listeners.forEach(Runnable::run));
                stores.add(s);
            }
            List<ConfiguredBalancer> configured = List.of(
                new ConfiguredBalancer(RangeBootstrapBalancerFactory.class.getName(),
                    new RangeBootstrapBalancerFactory(), new JsonObject().put("maxBootstrapDelayMillis", 0)),
                new ConfiguredBalancer(REPLICA_CNT, new ReplicaCntBalancerFactory(),
                    new JsonObject().put("votersPerRange", 1).put("learnersPerRange", 0)));
            List<BalanceController> controllers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                // only the first store may bootstrap, so the test knows where the range starts
                List<ConfiguredBalancer> mine = i == 0 ? configured : configured.subList(1, 2);
                BalanceController c = new BalanceController(stores.get(i), landscape, mine, BalancerContext.system(),
                    new SimpleMeterRegistry(), Duration.ofMillis(500));
                controllers.add(c);
                closing.add(c);
            }
            // store 0 bootstraps at once; store 1 (default bootstrap delay) starts once the range exists
            controllers.get(0).start();
            poll("store 0 bootstraps and leads the range", () -> leaderRange(0).isPresent());
            controllers.get(1).start();
            List<BalancerRuntime> runtimes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                BalancerRuntime r = new BalancerRuntime(hz.hazelcast(i), STORE_NAME, stores.get(i).id(),
                    controllers.get(i)).start();
                runtimes.add(r);
                closing.add(0, r);
            }
            BalancerAdmin admin = new BalancerAdmin(hz.hazelcast(0));
            poll("both stores report their state", () -> admin.states(STORE_NAME).size() == 2);
            assertThat(admin.state(STORE_NAME, stores.get(1).id()).get(REPLICA_CNT).loadRules())
                .isEqualTo(new JsonObject().put("votersPerRange", 1).put("learnersPerRange", 0));

            // refused at the API, before anything reaches a store
            assertThatThrownBy(() -> admin.updateRules(STORE_NAME, ALIAS, new JsonObject().put("votersPerRange", 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("votersPerRange: must be odd");
            assertThatThrownBy(() -> admin.disable(STORE_NAME, RangeBootstrapBalancerFactory.class.getName()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("always on");
            assertThatThrownBy(() -> admin.enable(STORE_NAME, "com.example.NoSuchFactory"))
                .isInstanceOf(IllegalArgumentException.class);

            // new rules through the reference alias take effect: store 1 becomes a learner
            admin.updateRules(STORE_NAME, ALIAS, new JsonObject().put("learnersPerRange", 1));
            poll("store 1 is a learner", () -> leaderRange(0).map(r -> r.config().learners())
                .orElse(Set.of()).contains(stores.get(1).id()));
            poll("both stores report the new rules", () -> admin.states(STORE_NAME).values().stream()
                .allMatch(s -> s.get(REPLICA_CNT).loadRules().getInteger("learnersPerRange") == 1
                    && s.get(REPLICA_CNT).hlc() > 0));

            // disabled: stores report it and a rules change does nothing
            admin.disable(STORE_NAME, ALIAS);
            poll("both stores report the balancer disabled",
                () -> admin.states(STORE_NAME).values().stream().allMatch(s -> s.get(REPLICA_CNT).disable()));
            admin.updateRules(STORE_NAME, REPLICA_CNT, new JsonObject().put("learnersPerRange", 0));
            poll("both stores run the new rules", () -> admin.states(STORE_NAME).values().stream()
                .allMatch(s -> s.get(REPLICA_CNT).loadRules().getInteger("learnersPerRange") == 0));
            assertThat(admin.proposal(STORE_NAME, REPLICA_CNT).orElseThrow().disable()).isTrue();
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                // several retry periods of 0.25-0.75 s pass without the disabled balancer acting
                assertThat(leaderRange(0).orElseThrow().config().learners()).contains(stores.get(1).id());
                Thread.sleep(200);
            }

            // a stale proposal (older hlc) is ignored
            hz.hazelcast(1).<String, String>getReplicatedMap(BalancerMaps.proposals(STORE_NAME))
                .put(REPLICA_CNT, new BalancerProposal(false, null, 1).toJson());
            Thread.sleep(500);
            assertThat(admin.states(STORE_NAME).values()).allMatch(s -> s.get(REPLICA_CNT).disable());

            // enabled again: the pending rules take effect
            admin.enable(STORE_NAME, REPLICA_CNT);
            poll("store 1 is no learner any more", () -> leaderRange(0).map(r -> r.config().learners().isEmpty())
                .orElse(false));
            poll("both stores report it enabled",
                () -> admin.states(STORE_NAME).values().stream().noneMatch(s -> s.get(REPLICA_CNT).disable()));

            for (AutoCloseable c : closing) {
                c.close();
            }
            closing.clear();
            poll("every store withdrew its state", () -> admin.states(STORE_NAME).isEmpty());
        } finally {
            for (AutoCloseable c : closing) {
                c.close();
            }
            for (RaftKVRangeStore s : stores) {
                s.stop().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private Optional<RangeDescriptor> leaderRange(int store) {
        return describe(stores.get(store)).ranges().stream().filter(RangeDescriptor::isLeader).findFirst();
    }

    /** The store's descriptor; retried a few times because describing can fail while a replica is created. */
    private static StoreDescriptor describe(RaftKVRangeStore store) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return store.describe();
            } catch (RuntimeException e) {
                last = e;
                Thread.onSpinWait();
            }
        }
        throw last;
    }

    private static void poll(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            // a store may fail to describe itself while a replica is being created
            return false;
        }
    }
}
