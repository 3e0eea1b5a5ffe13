package io.heimdall.kv.range;

/** Lifecycle state of a range replica; names as the reference system shows them. */
public enum RangeState {
    NoUse,
    Normal,
    ConfigChanging,
    PreparedMerging,
    WaitingForMerge,
    Merged,
    MergedQuiting,
    Removed,
    ToBePurged
}
