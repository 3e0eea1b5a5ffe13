package io.heimdall.kv.range;

import java.util.Map;

/**
 * One replica of a range as its store publishes it. {@code ver}: high 32 bits change with the boundary (split,
 * merge), low 32 bits with config or state. {@code syncState} is filled by the leader only.
 */
public record RangeDescriptor(KVRangeId id,
                              long ver,
                              Boundary boundary,
                              RangeState state,
                              RaftRole role,
                              ClusterConfig config,
                              Map<String, SyncState> syncState,
                              Map<String, Double> statistics,
                              LoadHint loadHint,
                              long hlc) {
    public RangeDescriptor {
        syncState = Map.copyOf(syncState);
        statistics = Map.copyOf(statistics);
    }

    public static long boundaryVer(long ver) {
        return ver >>> 32;
    }

    /** The version after a boundary change (split or merge): next high half, low half reset. */
    public static long nextBoundaryVer(long ver) {
        return (boundaryVer(ver) + 1) << 32;
    }

    /** The version after a config or state change: same high half, next low half. */
    public static long nextConfigVer(long ver) {
        return (ver & 0xFFFF_FFFF_0000_0000L) | ((ver + 1) & 0xFFFF_FFFFL);
    }

    public boolean isLeader() {
        return role == RaftRole.Leader;
    }
}
