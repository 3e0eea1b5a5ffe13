package io.heimdall.kv.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica added after the leader purged its log can only be built from a snapshot: small log segments and
 * frequent snapshots make the purge happen, then a new voter must still end up with every key.
 */
class SnapshotInstallTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void newReplicaGetsTheDataFromASnapshotAfterThePurge() throws Exception {
        Map<String, String> endpoints = new ConcurrentHashMap<>();
        RaftKVRangeStore a = store("a", endpoints);
        RaftKVRangeStore b = store("b", endpoints);
        a.start().get(60, TimeUnit.SECONDS);
        b.start().get(60, TimeUnit.SECONDS);
        endpoints.put(a.id(), a.raftEndpoint());
        endpoints.put(b.id(), b.raftEndpoint());
        try {
            KVRangeId id = KVRangeId.genesis(77);
            a.bootstrap(id, Boundary.FULL).get(60, TimeUnit.SECONDS);
            Await.until("leader", WAIT, () -> leader(a, id).isPresent());
            long ver = leader(a, id).orElseThrow().ver();
            byte[] value = new byte[512];
            for (int i = 0; i < 600; i++) {
                a.put(ver, id, String.format("k%04d", i).getBytes(UTF_8), value).get(30, TimeUnit.SECONDS);
            }
            Await.until("log purged past its first entries", WAIT,
                () -> leader(a, id).orElseThrow().statistics().getOrDefault("logStartIndex", 0.0) > 100);

            a.changeReplicaConfig(ver, id, Set.of(a.id(), b.id()), Set.of()).get(60, TimeUnit.SECONDS);
            Await.until("new replica holds every key", WAIT, () -> {
                RangeDescriptor d = b.describe().ranges().stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow();
                for (int i = 0; i < 600; i += 7) {
                    if (b.get(d.ver(), id, String.format("k%04d", i).getBytes(UTF_8), false)
                        .get(10, TimeUnit.SECONDS).isEmpty()) {
                        return false;
                    }
                }
                return b.exist(d.ver(), id, "k0599".getBytes(UTF_8), false).get(10, TimeUnit.SECONDS);
            });
        } finally {
            a.stop().get(60, TimeUnit.SECONDS);
            b.stop().get(60, TimeUnit.SECONDS);
        }
    }

    private RaftKVRangeStore store(String name, Map<String, String> endpoints) {
        return new RaftKVRangeStore(KVRangeStoreOptions.of("snap.test", dir.resolve(name), "127.0.0.1", 0,
                KVRangeCoProcFactory.none(), s -> Optional.ofNullable(endpoints.get(s)))
            .withFsync(false).withElectionTimeoutMin(Duration.ofMillis(1000)).withSnapshotAutoTriggerThreshold(100)
            .withRaftLogSegmentBytes(64 * 1024));
    }

    private static Optional<RangeDescriptor> leader(RaftKVRangeStore s, KVRangeId id) {
        return s.describe().ranges().stream().filter(r -> r.id().equals(id) && r.isLeader()).findFirst();
    }
}
