package io.heimdall.kv.store;

import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Several stores of one store name in this JVM on 127.0.0.1, finding each other through a shared map. */
final class StoreCluster implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    private final Path root;
    private final KVRangeCoProcFactory coProcs;
    private final Map<String, String> endpoints = new ConcurrentHashMap<>();
    private final List<RaftKVRangeStore> stores = new ArrayList<>();

    StoreCluster(Path root, int size, KVRangeCoProcFactory coProcs) throws Exception {
        this.root = root;
        this.coProcs = coProcs;
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            RaftKVRangeStore s = newStore(i);
            stores.add(s);
            starts.add(s.start());
        }
        for (int i = 0; i < size; i++) {
            starts.get(i).get(60, TimeUnit.SECONDS);
            endpoints.put(stores.get(i).id(), stores.get(i).raftEndpoint());
        }
    }

    private RaftKVRangeStore newStore(int i) {
        return new RaftKVRangeStore(KVRangeStoreOptions.of("test.cluster", root.resolve("store" + i), "127.0.0.1", 0,
                coProcs, id -> Optional.ofNullable(endpoints.get(id)))
            .withFsync(false).withElectionTimeoutMin(Duration.ofMillis(1000)).withSnapshotAutoTriggerThreshold(200));
    }

    RaftKVRangeStore store(int i) {
        return stores.get(i);
    }

    int size() {
        return stores.size();
    }

    String id(int i) {
        return stores.get(i).id();
    }

    int indexOf(String storeId) {
        for (int i = 0; i < stores.size(); i++) {
            if (stores.get(i).id().equals(storeId)) {
                return i;
            }
        }
        throw new IllegalArgumentException(storeId);
    }

    void stop(int i) throws Exception {
        stores.get(i).stop().get(60, TimeUnit.SECONDS);
    }

    /** A fresh store object over the same data directory, as after a process restart. */
    void restart(int i) throws Exception {
        RaftKVRangeStore s = newStore(i);
        stores.set(i, s);
        s.start().get(60, TimeUnit.SECONDS);
    }

    /** This store's replica of {@code id}, if it hosts one. */
    Optional<RangeDescriptor> replica(int i, KVRangeId id) {
        return stores.get(i).describe().ranges().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The store index that leads {@code id} now, with its descriptor. */
    Optional<Map.Entry<Integer, RangeDescriptor>> leader(KVRangeId id) {
        for (int i = 0; i < stores.size(); i++) {
            Optional<RangeDescriptor> d = replica(i, id);
            if (d.isPresent() && d.get().role() == RaftRole.Leader) {
                return Optional.of(Map.entry(i, d.get()));
            }
        }
        return Optional.empty();
    }

    Map.Entry<Integer, RangeDescriptor> awaitLeader(KVRangeId id) {
        Await.until("a leader of " + id, WAIT, () -> leader(id).isPresent());
        return leader(id).orElseThrow();
    }

    /** The leader descriptor of the range that holds {@code key}, by asking every store. */
    Optional<Map.Entry<Integer, RangeDescriptor>> leaderFor(byte[] key) {
        for (int i = 0; i < stores.size(); i++) {
            for (RangeDescriptor d : stores.get(i).describe().ranges()) {
                if (d.role() == RaftRole.Leader && d.boundary().contains(key)
                    && d.state() == io.heimdall.kv.range.RangeState.Normal) {
                    return Optional.of(Map.entry(i, d));
                }
            }
        }
        return Optional.empty();
    }

    /** Puts through whichever store leads the key's range, retrying stale routes and elections. */
    void put(byte[] key, byte[] value, Duration timeout) {
        Await.retry("put", timeout, () -> {
            Map.Entry<Integer, RangeDescriptor> l = leaderFor(key).orElseThrow();
            return stores.get(l.getKey()).put(l.getValue().ver(), l.getValue().id(), key, value)
                .get(10, TimeUnit.SECONDS);
        });
    }

    @Override
    public void close() throws Exception {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (RaftKVRangeStore s : stores) {
            stops.add(s.stop());
        }
        for (CompletableFuture<Void> f : stops) {
            f.get(60, TimeUnit.SECONDS);
        }
    }
}
