package io.heimdall.kv.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One store on real RocksDB and Ratis: bootstrap, data operations, typed errors, restart recovery. */
class SingleStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private RaftKVRangeStore newStore() {
        return new RaftKVRangeStore(KVRangeStoreOptions.of("test.store", dir, "127.0.0.1", 0, CounterCoProc.FACTORY,
            s -> Optional.empty()).withFsync(false).withElectionTimeoutMin(Duration.ofMillis(1000)));
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private static RangeDescriptor leaderOf(RaftKVRangeStore store, KVRangeId id) {
        return store.describe().ranges().stream().filter(r -> r.id().equals(id) && r.role() == RaftRole.Leader)
            .findFirst().orElseThrow();
    }

    @Test
    void bootstrapsWritesReadsAndRecoversWithoutApplyingTwice() throws Exception {
        RaftKVRangeStore store = newStore();
        get(store.start());
        String storeId = store.id();
        KVRangeId id = KVRangeId.genesis(1000);
        assertThat(get(store.bootstrap(id, Boundary.FULL))).isTrue();
        assertThat(get(store.bootstrap(id, Boundary.FULL))).isFalse();
        Await.until("leader", WAIT, () -> leaderOf(store, id) != null);
        long ver = leaderOf(store, id).ver();

        assertThat(get(store.put(ver, id, "a".getBytes(UTF_8), "1".getBytes(UTF_8)))).isEmpty();
        assertThat(get(store.put(ver, id, "a".getBytes(UTF_8), "2".getBytes(UTF_8)))).isEqualTo("1".getBytes(UTF_8));
        assertThat(get(store.get(ver, id, "a".getBytes(UTF_8), true))).contains("2".getBytes(UTF_8));
        assertThat(get(store.get(ver, id, "a".getBytes(UTF_8), false))).contains("2".getBytes(UTF_8));
        assertThat(get(store.exist(ver, id, "b".getBytes(UTF_8), false))).isFalse();
        get(store.put(ver, id, "b".getBytes(UTF_8), "x".getBytes(UTF_8)));
        assertThat(get(store.delete(ver, id, "b".getBytes(UTF_8)))).isEqualTo("x".getBytes(UTF_8));
        assertThat(get(store.exist(ver, id, "b".getBytes(UTF_8), true))).isFalse();
        for (int i = 0; i < 50; i++) {
            assertThat(CounterCoProc.toLong(get(store.mutateCoProc(ver, id, "n".getBytes(UTF_8))))).isEqualTo(i + 1);
        }
        assertThat(CounterCoProc.toLong(get(store.queryCoProc(ver, id, "n".getBytes(UTF_8), true)))).isEqualTo(50);
        for (int i = 0; i < 40; i++) {
            get(store.get(ver, id, ("key" + i).getBytes(UTF_8), false));
        }
        io.heimdall.kv.range.LoadHint hint = leaderOf(store, id).loadHint();
        assertThat(hint.ioDensity()).isGreaterThan(0);
        assertThat(hint.avgLatencyNanos()).isGreaterThan(0);
        assertThat(hint.splitKey()).isNotNull();

        get(store.stop());
        RaftKVRangeStore again = newStore();
        get(again.start());
        assertThat(again.id()).isEqualTo(storeId);
        Await.until("leader after restart", WAIT, () -> leaderOf(again, id) != null);
        assertThat(CounterCoProc.toLong(get(again.queryCoProc(ver, id, "n".getBytes(UTF_8), false)))).isEqualTo(50);
        assertThat(get(again.get(ver, id, "a".getBytes(UTF_8), true))).contains("2".getBytes(UTF_8));
        assertThat(CounterCoProc.toLong(get(again.mutateCoProc(ver, id, "n".getBytes(UTF_8))))).isEqualTo(51);
        get(again.stop());
    }

    @Test
    void publishesChangesAndQuitsAReplica() throws Exception {
        RaftKVRangeStore store = newStore();
        get(store.start());
        try {
            java.util.List<io.heimdall.kv.range.StoreDescriptor> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            AutoCloseable subscription = store.onDescriptorChange(seen::add);
            KVRangeId id = KVRangeId.genesis(3000);
            get(store.bootstrap(id, Boundary.FULL));
            Await.until("a published leader", WAIT, () -> seen.stream().anyMatch(d -> d.ranges().stream()
                .anyMatch(r -> r.id().equals(id) && r.role() == RaftRole.Leader)));
            long ver = leaderOf(store, id).ver();
            get(store.put(ver, id, "k".getBytes(UTF_8), "v".getBytes(UTF_8)));
            get(store.split(ver, id, "m".getBytes(UTF_8)));
            Await.until("the split published", WAIT, () -> seen.get(seen.size() - 1).ranges().size() == 2);
            io.heimdall.kv.range.StoreDescriptor last = seen.get(seen.size() - 1);
            assertThat(last.id()).isEqualTo(store.id());
            assertThat(last.statistics()).containsKeys("cpu.usage", "disk");
            RangeDescriptor parent = leaderOf(store, id);
            assertThat(RangeDescriptor.boundaryVer(parent.ver())).isEqualTo(RangeDescriptor.boundaryVer(ver) + 1);
            KVRangeId child = last.ranges().stream().map(RangeDescriptor::id).filter(r -> !r.equals(id)).findFirst()
                .orElseThrow();
            Await.until("child leader", WAIT, () -> leaderOf(store, child) != null);

            get(store.quit(leaderOf(store, child).ver(), child));
            assertThat(store.columnFamilies()).doesNotContain(io.heimdall.kv.raft.RangeGroups.spaceName(child));
            assertThatThrownBy(() -> get(store.get(parent.ver(), child, "x".getBytes(UTF_8), false)))
                .cause().satisfies(e -> assertThat(((KVRangeException) e).code())
                    .isEqualTo(KVRangeException.Code.NOT_FOUND));
            Await.until("the quit published", WAIT, () -> seen.get(seen.size() - 1).ranges().size() == 1);
            subscription.close();
            assertThat(get(store.get(parent.ver(), id, "k".getBytes(UTF_8), false))).contains("v".getBytes(UTF_8));
        } finally {
            get(store.stop());
        }
    }

    @Test
    void drivesTheCoprocessorLifecycle() throws Exception {
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.heimdall.kv.coproc.KVRangeCoProcFactory recording = (storeName, storeId, rangeId, reader) ->
            new io.heimdall.kv.coproc.KVRangeCoProc() {
                @Override
                public CompletableFuture<byte[]> query(byte[] input, io.heimdall.kv.coproc.KVReader r) {
                    return CompletableFuture.completedFuture(input);
                }

                @Override
                public byte[] mutate(byte[] input, io.heimdall.kv.coproc.KVReader r,
                                     io.heimdall.kv.coproc.KVWriter w) {
                    return input;
                }

                @Override
                public void reset(Boundary boundary) {
                    events.add(rangeId + " reset " + boundary);
                }

                @Override
                public void onLeader(boolean isLeader) {
                    events.add(rangeId + " leader " + isLeader);
                }

                @Override
                public void close() {
                    events.add(rangeId + " close");
                }
            };
        RaftKVRangeStore store = new RaftKVRangeStore(KVRangeStoreOptions.of("test.store", dir, "127.0.0.1", 0,
            recording, s -> Optional.empty()).withFsync(false).withElectionTimeoutMin(Duration.ofMillis(1000)));
        get(store.start());
        KVRangeId id = KVRangeId.genesis(4000);
        get(store.bootstrap(id, Boundary.FULL));
        Await.until("leader", WAIT, () -> leaderOf(store, id) != null);
        assertThat(events).contains(id + " reset " + Boundary.FULL, id + " leader true");
        get(store.split(leaderOf(store, id).ver(), id, "m".getBytes(UTF_8)));
        Boundary left = new Boundary(null, "m".getBytes(UTF_8));
        Await.until("parent reset to its new boundary", WAIT, () -> events.contains(id + " reset " + left));
        get(store.stop());
        assertThat(events).contains(id + " close");
    }

    @Test
    void answersTypedErrors() throws Exception {
        RaftKVRangeStore store = newStore();
        get(store.start());
        try {
            KVRangeId id = KVRangeId.genesis(2000);
            get(store.bootstrap(id, new Boundary(null, "m".getBytes(UTF_8))));
            Await.until("leader", WAIT, () -> leaderOf(store, id) != null);
            long ver = leaderOf(store, id).ver();
            long staleBoundaryVer = ver + (1L << 32);

            assertThatThrownBy(() -> get(store.put(staleBoundaryVer, id, "a".getBytes(UTF_8), new byte[1])))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(KVRangeException.class)
                .satisfies(e -> {
                    KVRangeException k = (KVRangeException) e;
                    assertThat(k.code()).isEqualTo(KVRangeException.Code.BAD_VERSION);
                    assertThat(k.latest()).isNotNull();
                    assertThat(k.latest().ver()).isEqualTo(ver);
                });
            assertThatThrownBy(() -> get(store.put(ver, id, "z".getBytes(UTF_8), new byte[1])))
                .cause().satisfies(e -> assertThat(((KVRangeException) e).code())
                    .isEqualTo(KVRangeException.Code.BAD_VERSION));
            assertThatThrownBy(() -> get(store.split(ver + 1, id, "c".getBytes(UTF_8))))
                .cause().satisfies(e -> {
                    assertThat(((KVRangeException) e).code()).isEqualTo(KVRangeException.Code.BAD_VERSION);
                    assertThat(((KVRangeException) e).latest().id()).isEqualTo(id);
                });
            assertThatThrownBy(() -> get(store.get(ver, new KVRangeId(1, 1), "a".getBytes(UTF_8), false)))
                .cause().satisfies(e -> assertThat(((KVRangeException) e).code())
                    .isEqualTo(KVRangeException.Code.NOT_FOUND));
            assertThatThrownBy(() -> get(store.split(ver, id, "x".getBytes(UTF_8))))
                .cause().satisfies(e -> assertThat(((KVRangeException) e).code())
                    .isEqualTo(KVRangeException.Code.BAD_REQUEST));
            assertThatThrownBy(() -> get(store.changeReplicaConfig(ver, id, java.util.Set.of(), java.util.Set.of())))
                .cause().satisfies(e -> assertThat(((KVRangeException) e).code())
                    .isEqualTo(KVRangeException.Code.BAD_REQUEST));
            // the range still works after every refusal
            get(store.put(ver, id, "a".getBytes(UTF_8), "ok".getBytes(UTF_8)));
            assertThat(leaderOf(store, id).state()).isEqualTo(RangeState.Normal);
        } finally {
            get(store.stop());
        }
    }
}
