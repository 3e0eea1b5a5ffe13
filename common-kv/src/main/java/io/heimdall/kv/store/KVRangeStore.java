package io.heimdall.kv.store;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.StoreDescriptor;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One store of a named KV cluster in this process: a persisted id, one Raft server hosting every range replica,
 * one RocksDB. Operations on a range carry the version the caller knows; a stale one fails with BAD_VERSION
 * (boundary half for data operations, the exact version for management operations). Futures fail with
 * {@link KVRangeException}. No method blocks the caller.
 */
public interface KVRangeStore {
    /** The store id, also its Raft peer id. */
    String id();

    String storeName();

    CompletableFuture<Void> start();

    CompletableFuture<Void> stop();

    /** Creates a genesis range with this store as the only voter; false if it already hosts that range. */
    CompletableFuture<Boolean> bootstrap(KVRangeId id, Boundary boundary);

    CompletableFuture<Void> transferLeadership(long ver, KVRangeId id, String newLeaderStore);

    /**
     * Moves the range to the given members; called on its leader, which must stay a voter (transfer leadership
     * first to drop it). Replicas of stores that leave drop their data.
     */
    CompletableFuture<Void> changeReplicaConfig(long ver, KVRangeId id, Set<String> voters, Set<String> learners);

    CompletableFuture<Void> split(long ver, KVRangeId id, byte[] splitKey);

    /** Merges the adjacent range {@code mergeeId} into {@code mergerId}; both must have identical members. */
    CompletableFuture<Void> merge(long ver, KVRangeId mergerId, KVRangeId mergeeId);

    /** Removes this store's replica of a range that is no longer wanted (zombie, losing epoch). */
    CompletableFuture<Void> quit(long ver, KVRangeId id);

    CompletableFuture<Boolean> exist(long ver, KVRangeId id, byte[] key, boolean linearized);

    CompletableFuture<Optional<byte[]>> get(long ver, KVRangeId id, byte[] key, boolean linearized);

    CompletableFuture<byte[]> queryCoProc(long ver, KVRangeId id, byte[] query, boolean linearized);

    /** Puts and answers the previous value (empty array when none). */
    CompletableFuture<byte[]> put(long ver, KVRangeId id, byte[] key, byte[] value);

    /** Deletes and answers the previous value (empty array when none). */
    CompletableFuture<byte[]> delete(long ver, KVRangeId id, byte[] key);

    CompletableFuture<byte[]> mutateCoProc(long ver, KVRangeId id, byte[] mutation);

    /** The store and its ranges as they are now. */
    StoreDescriptor describe();

    /** Called (off the caller's thread) whenever the descriptor changes; returns a handle that unsubscribes. */
    AutoCloseable onDescriptorChange(Consumer<StoreDescriptor> listener);
}
