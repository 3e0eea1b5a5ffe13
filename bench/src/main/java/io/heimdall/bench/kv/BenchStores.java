package io.heimdall.bench.kv;

import io.heimdall.common.hlc.HLC;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Stores of one store name in this process on 127.0.0.1 (fsync on), finding each other's Raft endpoints in a map. */
final class BenchStores implements AutoCloseable {
    static final long WAIT_MILLIS = 120_000;

    private final Map<String, String> endpoints = new ConcurrentHashMap<>();
    private final List<RaftKVRangeStore> stores = new ArrayList<>();

    BenchStores(Path root, int count, long snapshotEvery) throws Exception {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RaftKVRangeStore s = new RaftKVRangeStore(KVRangeStoreOptions.of("bench", root.resolve("store" + i),
                    "127.0.0.1", 0, BulkLoadCoProc.factory(), id -> Optional.ofNullable(endpoints.get(id)))
                .withFsync(true)
                .withElectionTimeoutMin(Duration.ofMillis(1000))
                .withSnapshotAutoTriggerThreshold(snapshotEvery));
            stores.add(s);
            starts.add(s.start());
        }
        for (int i = 0; i < count; i++) {
            starts.get(i).get(60, TimeUnit.SECONDS);
            endpoints.put(stores.get(i).id(), stores.get(i).raftEndpoint());
        }
    }

    RaftKVRangeStore store(int i) {
        return stores.get(i);
    }

    /** Bootstraps a genesis range on store 0 and waits until it leads it. */
    KVRangeId bootstrap() throws Exception {
        KVRangeId id = KVRangeId.genesis(HLC.INST.get());
        stores.get(0).bootstrap(id, Boundary.FULL).get(60, TimeUnit.SECONDS);
        await("store 0 leads " + id, () -> replica(0, id).map(RangeDescriptor::isLeader).orElse(false));
        return id;
    }

    /** Makes stores {@code 0..voters-1} the voters of {@code id} and waits until each applied the change. */
    void growVoters(KVRangeId id, int voters) throws Exception {
        Set<String> ids = stores.subList(0, voters).stream().map(RaftKVRangeStore::id).collect(Collectors.toSet());
        leader(id).changeReplicaConfig(replica(leaderIndex(id), id).orElseThrow().ver(), id, ids, Set.of())
            .get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        await("every voter of " + id + " has the new config", () -> {
            for (int i = 0; i < voters; i++) {
                Optional<RangeDescriptor> r = replica(i, id);
                if (r.isEmpty() || !r.get().config().voters().equals(ids)) {
                    return false;
                }
            }
            return true;
        });
    }

    Optional<RangeDescriptor> replica(int i, KVRangeId id) {
        // a replica being created cannot be described yet: it counts as not there
        return ranges(i).stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Every range replica store {@code i} describes now; empty while it cannot describe itself. */
    List<RangeDescriptor> ranges(int i) {
        try {
            return stores.get(i).describe().ranges();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    int leaderIndex(KVRangeId id) {
        for (int i = 0; i < stores.size(); i++) {
            if (replica(i, id).map(RangeDescriptor::isLeader).orElse(false)) {
                return i;
            }
        }
        throw new IllegalStateException("no leader of " + id);
    }

    RaftKVRangeStore leader(KVRangeId id) {
        return stores.get(leaderIndex(id));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = stores.stream().map(RaftKVRangeStore::stop).toList();
        for (CompletableFuture<Void> f : stops) {
            f.orTimeout(60, TimeUnit.SECONDS).handle((v, e) -> null).join();
        }
    }
}
