package io.heimdall.kv.raft;

import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.storage.RangeMeta;
import java.util.Optional;
import java.util.function.Supplier;

/** What a range state machine needs from the store hosting it. */
public interface RangeHost {
    String storeId();

    /** False once the store began stopping: waits inside apply must give up so Ratis can close. */
    boolean running();

    KVRangeCoProc createCoProc(KVRangeId id, Supplier<KVReader> latestReader);

    /** The local replica of another range, for merges. */
    Optional<RangeStateMachine> replica(KVRangeId id);

    /** A split applied here: start the child's Raft group on this store with the parent's members. */
    void startChild(RangeStateMachine parent, RangeMeta child);

    /** The replica of a merged-away range must leave its group once this store's merger absorbed it. */
    void removeReplica(KVRangeId id);

    /** Metadata, role or membership of a replica changed. */
    void changed(RangeStateMachine replica);

    /** Leadership of a replica was gained or lost. */
    void leaderChanged(RangeStateMachine replica, boolean isLeader);

    /** A replica's group was removed from this store and its data dropped. */
    void removed(RangeStateMachine replica);
}
