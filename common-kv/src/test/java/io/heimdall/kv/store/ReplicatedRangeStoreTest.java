package io.heimdall.kv.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.raft.RangeGroups;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four stores on real RocksDB and Ratis over loopback, one range taken through its whole life in order: bootstrap,
 * growth to three voters and a learner, leadership transfer, split under load, snapshot install into a split child,
 * replica removal, merge, leader loss and catch-up, and a full restart. Every acknowledged write is checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedRangeStoreTest {
    private static final Duration WAIT = StoreCluster.WAIT;
    private static final KVRangeId GENESIS = KVRangeId.genesis(4242);
    private static final byte[] SPLIT_KEY = "n".getBytes(UTF_8);

    @TempDir
    static Path dir;

    private StoreCluster cluster;
    /** Every write acknowledged so far: the value each key must have. */
    private final Map<String, String> acked = new ConcurrentHashMap<>();
    private KVRangeId child;

    @BeforeAll
    void startCluster() throws Exception {
        // realigns split keys to the first byte, as a service with prefix-grouped keys would
        KVRangeCoProcFactory factory = new KVRangeCoProcFactory() {
            @Override
            public io.heimdall.kv.coproc.KVRangeCoProc create(String storeName, String storeId, KVRangeId id,
                                                              java.util.function.Supplier<io.heimdall.kv.coproc.KVReader> r) {
                return CounterCoProc.FACTORY.create(storeName, storeId, id, r);
            }

            @Override
            public Optional<byte[]> toSplitKey(byte[] key) {
                return Optional.of(new byte[] {key[0]});
            }
        };
        cluster = new StoreCluster(dir, 4, factory);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void write(String key, String value) {
        cluster.put(key.getBytes(UTF_8), value.getBytes(UTF_8), WAIT);
        acked.put(key, value);
    }

    /** Reads {@code key} from store {@code i}'s own replica of {@code id}, without Raft. */
    private Optional<String> localRead(int i, KVRangeId id, String key) {
        RangeDescriptor d = cluster.replica(i, id).orElseThrow();
        try {
            return cluster.store(i).get(d.ver(), id, key.getBytes(UTF_8), false).get(10, TimeUnit.SECONDS)
                .map(b -> new String(b, UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitLocalData(int i, KVRangeId id, Map<String, String> expected) {
        Await.until("store " + i + " holds " + expected.size() + " keys of " + id, WAIT, () -> {
            for (Map.Entry<String, String> e : expected.entrySet()) {
                if (!localRead(i, id, e.getKey()).equals(Optional.of(e.getValue()))) {
                    return false;
                }
            }
            return true;
        });
    }

    private Map<String, String> ackedIn(Boundary b) {
        Map<String, String> m = new java.util.TreeMap<>();
        acked.forEach((k, v) -> {
            if (b.contains(k.getBytes(UTF_8))) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void bootstrapAndWrite() throws Exception {
        assertThat(get(cluster.store(0).bootstrap(GENESIS, Boundary.FULL))).isTrue();
        cluster.awaitLeader(GENESIS);
        for (int i = 0; i < 60; i++) {
            write(String.format("a%03d", i), "v" + i);
            write(String.format("x%03d", i), "v" + i);
        }
        awaitLocalData(0, GENESIS, acked);
    }

    @Test
    @Order(2)
    void growsVotersFromOneToThree() throws Exception {
        RangeDescriptor d = cluster.awaitLeader(GENESIS).getValue();
        Set<String> voters = Set.of(cluster.id(0), cluster.id(1), cluster.id(2));
        get(cluster.store(0).changeReplicaConfig(d.ver(), GENESIS, voters, Set.of()));
        RangeDescriptor after = cluster.awaitLeader(GENESIS).getValue();
        assertThat(after.config().voters()).isEqualTo(voters);
        assertThat(after.state()).isEqualTo(RangeState.Normal);
        assertThat(after.ver()).isGreaterThan(d.ver());
        awaitLocalData(1, GENESIS, acked);
        awaitLocalData(2, GENESIS, acked);
        int follower = cluster.awaitLeader(GENESIS).getKey() == 1 ? 2 : 1;
        for (java.util.concurrent.CompletableFuture<?> f : java.util.List.of(
            cluster.store(follower).put(after.ver(), GENESIS, "a000".getBytes(UTF_8), new byte[1]),
            cluster.store(follower).get(after.ver(), GENESIS, "a000".getBytes(UTF_8), true))) {
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertThat(((KVRangeException) e.getCause()).code()).isEqualTo(KVRangeException.Code.TRY_LATER);
        }
        Await.until("leader sees all peers replicating", WAIT, () -> cluster.awaitLeader(GENESIS).getValue()
            .syncState().size() == 3);
    }

    @Test
    @Order(3)
    void addsALearnerThatServesLocalReads() throws Exception {
        Map.Entry<Integer, RangeDescriptor> l = cluster.awaitLeader(GENESIS);
        get(cluster.store(l.getKey()).changeReplicaConfig(l.getValue().ver(), GENESIS,
            l.getValue().config().voters(), Set.of(cluster.id(3))));
        awaitLocalData(3, GENESIS, acked);
        assertThat(cluster.replica(3, GENESIS).orElseThrow().role()).isEqualTo(RaftRole.Learner);
        write("a-after-learner", "1");
        awaitLocalData(3, GENESIS, Map.of("a-after-learner", "1"));
    }

    @Test
    @Order(4)
    void transfersLeadership() throws Exception {
        Map.Entry<Integer, RangeDescriptor> l = cluster.awaitLeader(GENESIS);
        int target = l.getKey() == 1 ? 2 : 1;
        get(cluster.store(l.getKey()).transferLeadership(l.getValue().ver(), GENESIS, cluster.id(target)));
        Await.until("store " + target + " leads", WAIT, () -> cluster.leader(GENESIS).map(Map.Entry::getKey)
            .equals(Optional.of(target)));
        write("a-after-transfer", "1");
    }

    @Test
    @Order(5)
    void splitsUnderConcurrentWrites() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 400 && !stop.get(); i++) {
                write((i % 2 == 0 ? "b" : "y") + String.format("%04d", i), "w" + i);
            }
        });
        writer.start();
        Await.until("concurrent writes started", WAIT, () -> acked.size() > 140);
        Map.Entry<Integer, RangeDescriptor> l = cluster.awaitLeader(GENESIS);
        // the coprocessor realigns "nz" to "n"
        get(cluster.store(l.getKey()).split(l.getValue().ver(), GENESIS, "nz".getBytes(UTF_8)));
        writer.join(TimeUnit.SECONDS.toMillis(120));
        stop.set(true);
        assertThat(writer.isAlive()).isFalse();

        RangeDescriptor parent = cluster.awaitLeader(GENESIS).getValue();
        assertThat(parent.boundary()).isEqualTo(new Boundary(null, SPLIT_KEY));
        child = Await.retry("child range", WAIT, () -> cluster.store(0).describe().ranges().stream()
            .filter(r -> !r.id().equals(GENESIS)).findFirst().orElseThrow().id());
        assertThat(child.epoch()).isEqualTo(GENESIS.epoch());
        RangeDescriptor childLeader = cluster.awaitLeader(child).getValue();
        assertThat(childLeader.boundary()).isEqualTo(new Boundary(SPLIT_KEY, null));
        assertThat(RangeDescriptor.boundaryVer(childLeader.ver())).isEqualTo(RangeDescriptor.boundaryVer(parent.ver()));
        for (int i = 0; i < 4; i++) {
            awaitLocalData(i, GENESIS, ackedIn(parent.boundary()));
            awaitLocalData(i, child, ackedIn(childLeader.boundary()));
        }
        assertThat(ackedIn(parent.boundary())).isNotEmpty();
        assertThat(ackedIn(childLeader.boundary())).isNotEmpty();
        // the parent no longer answers for keys it gave away
        KVRangeException stale = Await.retry("stale route refused", WAIT, () -> {
            try {
                cluster.store(0).get(parent.ver(), GENESIS, "x001".getBytes(UTF_8), false).get(10, TimeUnit.SECONDS);
                throw new IllegalStateException("served a key outside the range");
            } catch (java.util.concurrent.ExecutionException e) {
                return (KVRangeException) e.getCause();
            }
        });
        assertThat(stale.code()).isEqualTo(KVRangeException.Code.BAD_VERSION);
        assertThat(stale.latest().boundary()).isEqualTo(parent.boundary());
    }

    @Test
    @Order(6)
    void removedReplicaDropsItsDataAndANewOneGetsTheSnapshot() throws Exception {
        Map.Entry<Integer, RangeDescriptor> l = cluster.awaitLeader(child);
        String cf = RangeGroups.spaceName(child);
        assertThat(cluster.store(3).columnFamilies()).contains(cf);
        get(cluster.store(l.getKey()).changeReplicaConfig(l.getValue().ver(), child, l.getValue().config().voters(),
            Set.of()));
        Await.until("learner replica of the child removed", WAIT, () -> cluster.replica(3, child).isEmpty()
            && !cluster.store(3).columnFamilies().contains(cf));

        // the child's own log never held its data: the new learner can only get it from a snapshot
        l = cluster.awaitLeader(child);
        get(cluster.store(l.getKey()).changeReplicaConfig(l.getValue().ver(), child, l.getValue().config().voters(),
            Set.of(cluster.id(3))));
        awaitLocalData(3, child, ackedIn(l.getValue().boundary()));
    }

    @Test
    @Order(7)
    void mergesTheSplitBack() throws Exception {
        Map.Entry<Integer, RangeDescriptor> merger = cluster.awaitLeader(GENESIS);
        Map.Entry<Integer, RangeDescriptor> mergee = cluster.awaitLeader(child);
        if (!merger.getKey().equals(mergee.getKey())) {
            get(cluster.store(mergee.getKey()).transferLeadership(mergee.getValue().ver(), child,
                cluster.id(merger.getKey())));
        }
        Await.until("merger and mergee configs agree", WAIT, () -> cluster.awaitLeader(child).getValue().config()
            .equals(cluster.awaitLeader(GENESIS).getValue().config()));
        merger = cluster.awaitLeader(GENESIS);
        get(cluster.store(merger.getKey()).merge(merger.getValue().ver(), GENESIS, child));
        RangeDescriptor merged = cluster.awaitLeader(GENESIS).getValue();
        assertThat(merged.boundary()).isEqualTo(Boundary.FULL);
        assertThat(merged.state()).isEqualTo(RangeState.Normal);
        for (int i = 0; i < 4; i++) {
            int s = i;
            Await.until("mergee gone from store " + s, WAIT, () -> cluster.replica(s, child).isEmpty()
                && !cluster.store(s).columnFamilies().contains(RangeGroups.spaceName(child)));
            awaitLocalData(s, GENESIS, acked);
        }
        write("z-after-merge", "1");
    }

    @Test
    @Order(8)
    void keepsWritingWhenTheLeaderStoreStopsAndCatchesUpOnRestart() throws Exception {
        int dead = cluster.awaitLeader(GENESIS).getKey();
        cluster.stop(dead);
        for (int i = 0; i < 30; i++) {
            write(String.format("c%03d", i), "while-down");
        }
        assertThat(cluster.awaitLeader(GENESIS).getKey()).isNotEqualTo(dead);
        cluster.restart(dead);
        awaitLocalData(dead, GENESIS, acked);
    }

    @Test
    @Order(9)
    void removesTheFormerLeaderAndTakesItBack() throws Exception {
        Map.Entry<Integer, RangeDescriptor> l = cluster.awaitLeader(GENESIS);
        int old = l.getKey();
        Set<String> rest = new java.util.TreeSet<>(l.getValue().config().voters());
        rest.remove(cluster.id(old));
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class, () -> get(cluster.store(old).changeReplicaConfig(
                cluster.awaitLeader(GENESIS).getValue().ver(), GENESIS, rest, Set.of(cluster.id(3)))));
        assertThat(((KVRangeException) refused.getCause()).code()).isEqualTo(KVRangeException.Code.BAD_REQUEST);

        String next = rest.iterator().next();
        get(cluster.store(old).transferLeadership(l.getValue().ver(), GENESIS, next));
        Await.until("leadership moved", WAIT, () -> cluster.leader(GENESIS).map(Map.Entry::getKey)
            .equals(Optional.of(cluster.indexOf(next))));
        l = cluster.awaitLeader(GENESIS);
        get(cluster.store(l.getKey()).changeReplicaConfig(l.getValue().ver(), GENESIS, rest,
            l.getValue().config().learners()));
        Await.until("two voters, Normal, old leader gone", WAIT, () -> {
            RangeDescriptor d = cluster.awaitLeader(GENESIS).getValue();
            return d.config().voters().equals(rest) && d.state() == RangeState.Normal
                && cluster.replica(old, GENESIS).isEmpty()
                && !cluster.store(old).columnFamilies().contains(RangeGroups.spaceName(GENESIS));
        });
        write("d-two-voters", "1");

        l = cluster.awaitLeader(GENESIS);
        Set<String> all = new java.util.TreeSet<>(rest);
        all.add(cluster.id(old));
        get(cluster.store(l.getKey()).changeReplicaConfig(l.getValue().ver(), GENESIS, all,
            l.getValue().config().learners()));
        awaitLocalData(old, GENESIS, acked);
    }

    @Test
    @Order(10)
    void restartsEveryStoreAndKeepsEveryAcknowledgedWrite() throws Exception {
        for (int i = 0; i < cluster.size(); i++) {
            cluster.stop(i);
        }
        for (int i = 0; i < cluster.size(); i++) {
            cluster.restart(i);
        }
        Map.Entry<Integer, RangeDescriptor> l = cluster.awaitLeader(GENESIS);
        for (Map.Entry<String, String> e : acked.entrySet()) {
            Optional<byte[]> v = Await.retry("linearized read", WAIT, () -> {
                Map.Entry<Integer, RangeDescriptor> now = cluster.awaitLeader(GENESIS);
                return cluster.store(now.getKey()).get(now.getValue().ver(), GENESIS, e.getKey().getBytes(UTF_8),
                    true).get(10, TimeUnit.SECONDS);
            });
            assertThat(v).as(e.getKey()).isPresent();
            assertThat(new String(v.get(), UTF_8)).as(e.getKey()).isEqualTo(e.getValue());
        }
        for (int i = 0; i < cluster.size(); i++) {
            awaitLocalData(i, GENESIS, acked);
        }
        assertThat(l.getValue().boundary()).isEqualTo(Boundary.FULL);
    }
}
