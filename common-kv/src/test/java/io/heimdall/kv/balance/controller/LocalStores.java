package io.heimdall.kv.balance.controller;

import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.config.ConfiguredBalancer;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Real stores of one store name in this JVM on 127.0.0.1, each with its balance controller (not started until
 * {@link #start()}), sharing a landscape made of the stores' own descriptors (what the Hazelcast landscape would
 * carry, without the gossip).
 */
final class LocalStores implements AutoCloseable, LandscapeSource {
    private final Map<String, String> endpoints = new ConcurrentHashMap<>();
    private final List<RaftKVRangeStore> stores = new ArrayList<>();
    private final List<BalanceController> controllers = new ArrayList<>();
    private final List<SimpleMeterRegistry> meters = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Set<Integer> stopped = ConcurrentHashMap.newKeySet();

    LocalStores(Path root, int size, Function<Integer, List<ConfiguredBalancer>> balancers) throws Exception {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            RaftKVRangeStore s = new RaftKVRangeStore(KVRangeStoreOptions.of("balance.test", root.resolve("s" + i),
                    "127.0.0.1", 0, KVRangeCoProcFactory.none(), id -> Optional.ofNullable(endpoints.get(id)))
                .withFsync(false).withElectionTimeoutMin(Duration.ofMillis(1000))
                .withStatsInterval(Duration.ofMillis(500)));
            stores.add(s);
            starts.add(s.start());
        }
        for (int i = 0; i < size; i++) {
            starts.get(i).get(60, TimeUnit.SECONDS);
            endpoints.put(stores.get(i).id(), stores.get(i).raftEndpoint());
            stores.get(i).onDescriptorChange(d -> listeners.forEach(Runnable::run));
        }
        for (int i = 0; i < size; i++) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            meters.add(registry);
            controllers.add(new BalanceController(stores.get(i), this, balancers.apply(i), BalancerContext.system(),
                registry, Duration.ofMillis(700)));
        }
    }

    /** Starts every controller; before this, tests may switch balancers off. */
    LocalStores start() {
        for (int i = 0; i < controllers.size(); i++) {
            if (!stopped.contains(i)) {
                controllers.get(i).start();
            }
        }
        return this;
    }

    /** Keeps store {@code i} running but out of the landscape (and its controller idle) until {@link #join}. */
    LocalStores hide(int i) {
        stopped.add(i);
        return this;
    }

    /** Brings a hidden store into the landscape and starts its controller, as a newly added node would. */
    void join(int i) {
        stopped.remove(i);
        controllers.get(i).start();
        listeners.forEach(Runnable::run);
    }

    @Override
    public Collection<StoreDescriptor> current() {
        List<StoreDescriptor> out = new ArrayList<>();
        for (int i = 0; i < stores.size(); i++) {
            if (!stopped.contains(i)) {
                out.add(describe(stores.get(i)));
            }
        }
        return out;
    }

    /** Stops store {@code i} and its controller; it leaves the landscape as a departed member would. */
    void stop(int i) throws Exception {
        stopped.add(i);
        controllers.get(i).close();
        stores.get(i).stop().get(60, TimeUnit.SECONDS);
        listeners.forEach(Runnable::run);
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    int size() {
        return stores.size();
    }

    RaftKVRangeStore store(int i) {
        return stores.get(i);
    }

    BalanceController controller(int i) {
        return controllers.get(i);
    }

    SimpleMeterRegistry meters(int i) {
        return meters.get(i);
    }

    /** The leader descriptor of every range, by range id, as the running stores report them now. */
    Map<KVRangeId, RangeDescriptor> leaders() {
        Map<KVRangeId, RangeDescriptor> out = new TreeMap<>();
        for (StoreDescriptor s : current()) {
            for (RangeDescriptor r : s.ranges()) {
                if (r.isLeader()) {
                    out.put(r.id(), r);
                }
            }
        }
        return out;
    }

    /** Store id of the leader of every range. */
    Map<KVRangeId, String> leaderStores() {
        Map<KVRangeId, String> out = new TreeMap<>();
        for (StoreDescriptor s : current()) {
            for (RangeDescriptor r : s.ranges()) {
                if (r.isLeader()) {
                    out.put(r.id(), s.id());
                }
            }
        }
        return out;
    }

    /** The leading replica of the range holding {@code key}, with its store, if some store leads it now. */
    Optional<Map.Entry<RaftKVRangeStore, RangeDescriptor>> leaderFor(byte[] key) {
        for (int i = 0; i < stores.size(); i++) {
            if (stopped.contains(i)) {
                continue;
            }
            for (RangeDescriptor r : describe(stores.get(i)).ranges()) {
                if (r.isLeader() && r.boundary().contains(key)) {
                    return Optional.of(Map.entry(stores.get(i), r));
                }
            }
        }
        return Optional.empty();
    }

    /** Splits the range holding {@code key} at it through its leader, retrying until a range starts there. */
    void splitAt(String key, Duration timeout) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        Poll.until("split at " + key, timeout, () -> {
            Map.Entry<RaftKVRangeStore, RangeDescriptor> l = leaderFor(k).orElseThrow();
            if (!Arrays.equals(l.getValue().boundary().start(), k)) {
                l.getKey().split(l.getValue().ver(), l.getValue().id(), k).orTimeout(20, TimeUnit.SECONDS).join();
            }
            return Arrays.equals(leaderFor(k).orElseThrow().getValue().boundary().start(), k);
        }, this::picture);
    }

    /** How many replicas the running stores host in all. */
    int totalReplicas() {
        return current().stream().mapToInt(d -> d.ranges().size()).sum();
    }

    /** A readable picture of every replica, for failure messages. */
    String picture() {
        StringBuilder b = new StringBuilder();
        for (StoreDescriptor s : current()) {
            b.append("\n").append(s.id()).append(":");
            for (RangeDescriptor r : s.ranges()) {
                b.append(" ").append(r.id()).append("@").append(Long.toHexString(r.ver())).append(" ").append(r.role())
                    .append(" ").append(r.state()).append(" v=").append(new TreeSet<>(r.config().voters()))
                    .append(" l=").append(new TreeSet<>(r.config().learners()));
            }
        }
        return b.toString();
    }

    /** The store's descriptor; retried a few times because describing can fail while a replica is created. */
    static StoreDescriptor describe(RaftKVRangeStore store) {
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

    @Override
    public void close() throws Exception {
        controllers.forEach(BalanceController::close);
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (int i = 0; i < stores.size(); i++) {
            if (!stopped.contains(i)) {
                stops.add(stores.get(i).stop());
            }
        }
        for (CompletableFuture<Void> f : stops) {
            f.get(60, TimeUnit.SECONDS);
        }
    }
}
