package io.heimdall.kv.range;

/** How a peer keeps up with the leader, as the leader reports it. */
public enum SyncState {
    Probing,
    Replicating,
    SnapshotSyncing,
    Unknown
}
