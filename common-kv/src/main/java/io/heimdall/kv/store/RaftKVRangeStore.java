package io.heimdall.kv.store;

import io.heimdall.common.hlc.HLC;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.StoreDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A {@link KVRangeStore} whose ranges are Apache Ratis groups on one Raft server over one RocksDB. */
public final class RaftKVRangeStore implements KVRangeStore {
    private final KVRangeStoreOptions options;

    public RaftKVRangeStore(KVRangeStoreOptions options) {
        this.options = options;
    }

    @Override
    public String id() {
        return "";
    }

    @Override
    public String storeName() {
        return options.storeName();
    }

    @Override
    public CompletableFuture<Void> start() {
        return notYet();
    }

    @Override
    public CompletableFuture<Void> stop() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Boolean> bootstrap(KVRangeId id, Boundary boundary) {
        return notYet();
    }

    @Override
    public CompletableFuture<Void> transferLeadership(long ver, KVRangeId id, String newLeaderStore) {
        return notYet();
    }

    @Override
    public CompletableFuture<Void> changeReplicaConfig(long ver, KVRangeId id, Set<String> voters,
                                                       Set<String> learners) {
        return notYet();
    }

    @Override
    public CompletableFuture<Void> split(long ver, KVRangeId id, byte[] splitKey) {
        return notYet();
    }

    @Override
    public CompletableFuture<Void> merge(long ver, KVRangeId mergerId, KVRangeId mergeeId) {
        return notYet();
    }

    @Override
    public CompletableFuture<Void> quit(long ver, KVRangeId id) {
        return notYet();
    }

    @Override
    public CompletableFuture<Boolean> exist(long ver, KVRangeId id, byte[] key, boolean linearized) {
        return notYet();
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(long ver, KVRangeId id, byte[] key, boolean linearized) {
        return notYet();
    }

    @Override
    public CompletableFuture<byte[]> queryCoProc(long ver, KVRangeId id, byte[] query, boolean linearized) {
        return notYet();
    }

    @Override
    public CompletableFuture<byte[]> put(long ver, KVRangeId id, byte[] key, byte[] value) {
        return notYet();
    }

    @Override
    public CompletableFuture<byte[]> delete(long ver, KVRangeId id, byte[] key) {
        return notYet();
    }

    @Override
    public CompletableFuture<byte[]> mutateCoProc(long ver, KVRangeId id, byte[] mutation) {
        return notYet();
    }

    @Override
    public StoreDescriptor describe() {
        return new StoreDescriptor(id(), options.hostId(), options.raftHost() + ":" + options.raftPort(),
            options.attributes(), Map.of(), List.of(), HLC.INST.get());
    }

    @Override
    public AutoCloseable onDescriptorChange(Consumer<StoreDescriptor> listener) {
        return () -> { };
    }

    private static <T> CompletableFuture<T> notYet() {
        return CompletableFuture.failedFuture(new KVRangeException(KVRangeException.Code.TRY_LATER,
            "store engine not implemented yet"));
    }
}
