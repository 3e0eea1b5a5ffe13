package io.heimdall.kv.rpc;

import io.heimdall.common.rpc.RpcClient;
import io.heimdall.kv.landscape.DescriptorJson;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.store.KVRangeException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Calls one store's operations over the event bus, each with a timeout. Store failures come back as
 * {@link io.heimdall.kv.store.KVRangeException}; a timeout as {@link io.heimdall.common.rpc.RpcTimeoutException}
 * (outcome unknown) and a missing store as {@link io.heimdall.common.rpc.RpcUnreachableException} (not delivered).
 */
public final class RemoteKVRangeStore {
    private final RpcClient rpc;
    private final String address;

    public RemoteKVRangeStore(RpcClient rpc, String storeName, String storeId) {
        this.rpc = rpc;
        this.address = KVRangeStoreServer.address(storeName, storeId);
    }

    public Future<StoreDescriptor> describe(long timeoutMillis) {
        return call(KVRpcOp.DESCRIBE.request(), timeoutMillis,
            b -> DescriptorJson.storeFromJson(new JsonObject(b)));
    }

    public Future<Boolean> bootstrap(KVRangeId id, Boundary boundary, long timeoutMillis) {
        return call(KVRpcOp.BOOTSTRAP.request().rangeId(id).boundary(boundary), timeoutMillis, RemoteKVRangeStore::bool);
    }

    public Future<Void> transferLeadership(long ver, KVRangeId id, String newLeaderStore, long timeoutMillis) {
        return call(ranged(KVRpcOp.TRANSFER_LEADERSHIP, ver, id).string(newLeaderStore), timeoutMillis, b -> null);
    }

    public Future<Void> changeReplicaConfig(long ver, KVRangeId id, Set<String> voters, Set<String> learners,
                                            long timeoutMillis) {
        return call(ranged(KVRpcOp.CHANGE_REPLICA_CONFIG, ver, id).strings(voters).strings(learners), timeoutMillis,
            b -> null);
    }

    public Future<Void> split(long ver, KVRangeId id, byte[] splitKey, long timeoutMillis) {
        return call(ranged(KVRpcOp.SPLIT, ver, id).bytes(splitKey), timeoutMillis, b -> null);
    }

    public Future<Void> merge(long ver, KVRangeId mergerId, KVRangeId mergeeId, long timeoutMillis) {
        return call(ranged(KVRpcOp.MERGE, ver, mergerId).rangeId(mergeeId), timeoutMillis, b -> null);
    }

    public Future<Void> quit(long ver, KVRangeId id, long timeoutMillis) {
        return call(ranged(KVRpcOp.QUIT, ver, id), timeoutMillis, b -> null);
    }

    public Future<Boolean> exist(long ver, KVRangeId id, byte[] key, boolean linearized, long timeoutMillis) {
        return call(ranged(KVRpcOp.EXIST, ver, id).bytes(key).bool(linearized), timeoutMillis,
            RemoteKVRangeStore::bool);
    }

    public Future<Optional<byte[]>> get(long ver, KVRangeId id, byte[] key, boolean linearized, long timeoutMillis) {
        return call(ranged(KVRpcOp.GET, ver, id).bytes(key).bool(linearized), timeoutMillis,
            b -> Optional.ofNullable(single(b)));
    }

    public Future<byte[]> queryCoProc(long ver, KVRangeId id, byte[] query, boolean linearized, long timeoutMillis) {
        return call(ranged(KVRpcOp.QUERY_COPROC, ver, id).bytes(query).bool(linearized), timeoutMillis,
            RemoteKVRangeStore::single);
    }

    public Future<byte[]> put(long ver, KVRangeId id, byte[] key, byte[] value, long timeoutMillis) {
        return call(ranged(KVRpcOp.PUT, ver, id).bytes(key).bytes(value), timeoutMillis, RemoteKVRangeStore::single);
    }

    public Future<byte[]> delete(long ver, KVRangeId id, byte[] key, long timeoutMillis) {
        return call(ranged(KVRpcOp.DELETE, ver, id).bytes(key), timeoutMillis, RemoteKVRangeStore::single);
    }

    public Future<byte[]> mutateCoProc(long ver, KVRangeId id, byte[] mutation, long timeoutMillis) {
        return call(ranged(KVRpcOp.MUTATE_COPROC, ver, id).bytes(mutation), timeoutMillis, RemoteKVRangeStore::single);
    }

    private static WireWriter ranged(KVRpcOp op, long ver, KVRangeId id) {
        return op.request().i64(ver).rangeId(id);
    }

    private <T> Future<T> call(WireWriter request, long timeoutMillis, Function<Buffer, T> decode) {
        return rpc.call(address, request.buffer(), timeoutMillis)
            .recover(e -> Future.failedFuture(KVRpcErrors.fromRpc(e)))
            .compose(b -> {
                try {
                    return Future.succeededFuture(decode.apply(b));
                } catch (RuntimeException e) {
                    return Future.failedFuture(new KVRangeException(
                        KVRangeException.Code.ERROR, "malformed reply from " + address + ": " + e,
                        null, e));
                }
            });
    }

    private static Boolean bool(Buffer b) {
        WireReader r = new WireReader(b);
        boolean v = r.bool();
        r.end();
        return v;
    }

    private static byte[] single(Buffer b) {
        WireReader r = new WireReader(b);
        byte[] v = r.bytes();
        r.end();
        return v;
    }
}
