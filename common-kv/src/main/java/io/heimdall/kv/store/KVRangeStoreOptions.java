package io.heimdall.kv.store;

import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settings of one {@link RaftKVRangeStore}: its name, data directory, Raft listen address (port 0 picks a free one),
 * the service's coprocessor factory, how to reach other stores' Raft servers, and tuning with sane defaults.
 *
 * @param peerResolver maps a store id to the {@code host:port} of its Raft server, empty when unknown
 * @param fsync whether Raft log writes are synced to disk before they are acknowledged
 * @param electionTimeoutMin lower bound of the Raft election timeout; the upper bound is twice this
 * @param snapshotAutoTriggerThreshold log entries applied between automatic snapshots of a range
 * @param statsInterval how often statistics changes alone may fire the descriptor listeners
 * @param raftLogSegmentBytes size at which a Raft log segment is closed; only closed segments can be purged
 */
public record KVRangeStoreOptions(String storeName,
                                  Path dataDir,
                                  String raftHost,
                                  int raftPort,
                                  KVRangeCoProcFactory coProcFactory,
                                  Function<String, Optional<String>> peerResolver,
                                  String hostId,
                                  Map<String, String> attributes,
                                  boolean fsync,
                                  Duration electionTimeoutMin,
                                  long snapshotAutoTriggerThreshold,
                                  Duration statsInterval,
                                  long raftLogSegmentBytes) {
    public KVRangeStoreOptions {
        Objects.requireNonNull(storeName, "storeName");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(raftHost, "raftHost");
        Objects.requireNonNull(coProcFactory, "coProcFactory");
        Objects.requireNonNull(peerResolver, "peerResolver");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
        Objects.requireNonNull(statsInterval, "statsInterval");
        attributes = Map.copyOf(attributes);
        if (storeName.isBlank()) {
            throw new IllegalArgumentException("storeName must not be blank");
        }
        if (raftPort < 0 || raftPort > 65535) {
            throw new IllegalArgumentException("raftPort out of range: " + raftPort);
        }
        if (raftLogSegmentBytes < 64 * 1024) {
            throw new IllegalArgumentException("raftLogSegmentBytes must be at least 64 KB");
        }
        if (snapshotAutoTriggerThreshold < 1) {
            throw new IllegalArgumentException("snapshotAutoTriggerThreshold must be positive");
        }
    }

    /** Defaults for everything but the essentials: fsync on, 1.5 s election timeout, stats every 5 s. */
    public static KVRangeStoreOptions of(String storeName, Path dataDir, String raftHost, int raftPort,
                                         KVRangeCoProcFactory coProcFactory,
                                         Function<String, Optional<String>> peerResolver) {
        return new KVRangeStoreOptions(storeName, dataDir, raftHost, raftPort, coProcFactory, peerResolver,
            defaultHostId(), Map.of(), true, Duration.ofMillis(1500), 10_000, Duration.ofSeconds(5), 4L << 20);
    }

    public KVRangeStoreOptions withFsync(boolean on) {
        return new KVRangeStoreOptions(storeName, dataDir, raftHost, raftPort, coProcFactory, peerResolver, hostId,
            attributes, on, electionTimeoutMin, snapshotAutoTriggerThreshold, statsInterval, raftLogSegmentBytes);
    }

    public KVRangeStoreOptions withElectionTimeoutMin(Duration min) {
        return new KVRangeStoreOptions(storeName, dataDir, raftHost, raftPort, coProcFactory, peerResolver, hostId,
            attributes, fsync, min, snapshotAutoTriggerThreshold, statsInterval, raftLogSegmentBytes);
    }

    public KVRangeStoreOptions withSnapshotAutoTriggerThreshold(long entries) {
        return new KVRangeStoreOptions(storeName, dataDir, raftHost, raftPort, coProcFactory, peerResolver, hostId,
            attributes, fsync, electionTimeoutMin, entries, statsInterval, raftLogSegmentBytes);
    }

    public KVRangeStoreOptions withStatsInterval(Duration interval) {
        return new KVRangeStoreOptions(storeName, dataDir, raftHost, raftPort, coProcFactory, peerResolver, hostId,
            attributes, fsync, electionTimeoutMin, snapshotAutoTriggerThreshold, interval, raftLogSegmentBytes);
    }

    public KVRangeStoreOptions withHost(String id, Map<String, String> attrs) {
        return new KVRangeStoreOptions(storeName, dataDir, raftHost, raftPort, coProcFactory, peerResolver, id,
            attrs, fsync, electionTimeoutMin, snapshotAutoTriggerThreshold, statsInterval, raftLogSegmentBytes);
    }

    public KVRangeStoreOptions withRaftLogSegmentBytes(long bytes) {
        return new KVRangeStoreOptions(storeName, dataDir, raftHost, raftPort, coProcFactory, peerResolver, hostId,
            attributes, fsync, electionTimeoutMin, snapshotAutoTriggerThreshold, statsInterval, bytes);
    }

    private static String defaultHostId() {
        // the environment, not a DNS lookup: resolving the local name may leave the loopback
        String name = System.getenv("HOSTNAME");
        return name == null || name.isBlank() ? "localhost" : name;
    }
}
