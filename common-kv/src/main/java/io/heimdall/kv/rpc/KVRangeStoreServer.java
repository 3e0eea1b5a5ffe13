package io.heimdall.kv.rpc;

import io.heimdall.common.rpc.RpcServer;
import io.heimdall.kv.landscape.DescriptorJson;
import io.heimdall.kv.store.KVRangeException;
import io.heimdall.kv.store.KVRangeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Serves every operation of one {@link KVRangeStore} on the event bus at {@code <storeName>.<storeId>}. Requests
 * start with the schema version; store failures travel as typed replies, BAD_VERSION with the latest descriptor.
 */
public final class KVRangeStoreServer {
    private final Vertx vertx;
    private final KVRangeStore store;
    private MessageConsumer<Buffer> consumer;

    private KVRangeStoreServer(Vertx vertx, KVRangeStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    /** The event-bus address of a store. */
    public static String address(String storeName, String storeId) {
        return storeName + "." + storeId;
    }

    /** Registers the store's address; completes once the registration is visible to the cluster. */
    public static Future<KVRangeStoreServer> start(Vertx vertx, KVRangeStore store) {
        KVRangeStoreServer server = new KVRangeStoreServer(vertx, store);
        return RpcServer.serve(vertx, address(store.storeName(), store.id()), server::handle)
            .map(c -> {
                server.consumer = c;
                return server;
            });
    }

    /** Unregisters: callers get "no handler" (not delivered) from now on and can retry elsewhere. */
    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    Future<Buffer> handle(Buffer request) {
        try {
            return dispatch(new WireReader(request))
                .recover(e -> Future.failedFuture(KVRpcErrors.toRpc(e)));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(KVRpcErrors.toRpc(
                new KVRangeException(KVRangeException.Code.BAD_REQUEST, e.getMessage(), null, e)));
        }
    }

    private Future<Buffer> dispatch(WireReader r) {
        int schema = r.u8();
        if (schema != KVRpcOp.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported request schema " + schema + ", this store speaks "
                + KVRpcOp.SCHEMA_VERSION);
        }
        KVRpcOp op = KVRpcOp.fromWire(r.u8());
        switch (op) {
            case DESCRIBE -> {
                r.end();
                // describing reads RocksDB size estimates: not on the event loop
                return vertx.executeBlocking(() -> DescriptorJson.toJson(store.describe()).toBuffer(), false);
            }
            case BOOTSTRAP -> {
                var id = r.rangeId();
                var boundary = r.boundary();
                r.end();
                return reply(store.bootstrap(id, boundary), KVRangeStoreServer::bool);
            }
            default -> {
                return dispatchRangeOp(op, r.i64(), r);
            }
        }
    }

    private Future<Buffer> dispatchRangeOp(KVRpcOp op, long ver, WireReader r) {
        var id = r.rangeId();
        switch (op) {
            case TRANSFER_LEADERSHIP -> {
                String target = r.string();
                r.end();
                return reply(store.transferLeadership(ver, id, target), KVRangeStoreServer::empty);
            }
            case CHANGE_REPLICA_CONFIG -> {
                var voters = r.strings();
                var learners = r.strings();
                r.end();
                return reply(store.changeReplicaConfig(ver, id, voters, learners), KVRangeStoreServer::empty);
            }
            case SPLIT -> {
                byte[] key = r.requiredBytes("split key");
                r.end();
                return reply(store.split(ver, id, key), KVRangeStoreServer::empty);
            }
            case MERGE -> {
                var mergee = r.rangeId();
                r.end();
                return reply(store.merge(ver, id, mergee), KVRangeStoreServer::empty);
            }
            case QUIT -> {
                r.end();
                return reply(store.quit(ver, id), KVRangeStoreServer::empty);
            }
            case EXIST -> {
                byte[] key = r.requiredBytes("key");
                boolean linearized = r.bool();
                r.end();
                return reply(store.exist(ver, id, key, linearized), KVRangeStoreServer::bool);
            }
            case GET -> {
                byte[] key = r.requiredBytes("key");
                boolean linearized = r.bool();
                r.end();
                return reply(store.get(ver, id, key, linearized), v -> new WireWriter().bytes(v.orElse(null)).buffer());
            }
            case QUERY_COPROC -> {
                byte[] query = r.requiredBytes("query");
                boolean linearized = r.bool();
                r.end();
                return reply(store.queryCoProc(ver, id, query, linearized), KVRangeStoreServer::bytes);
            }
            case PUT -> {
                byte[] key = r.requiredBytes("key");
                byte[] value = r.requiredBytes("value");
                r.end();
                return reply(store.put(ver, id, key, value), KVRangeStoreServer::bytes);
            }
            case DELETE -> {
                byte[] key = r.requiredBytes("key");
                r.end();
                return reply(store.delete(ver, id, key), KVRangeStoreServer::bytes);
            }
            case MUTATE_COPROC -> {
                byte[] mutation = r.requiredBytes("mutation");
                r.end();
                return reply(store.mutateCoProc(ver, id, mutation), KVRangeStoreServer::bytes);
            }
            default -> throw new IllegalArgumentException("operation " + op + " takes no range");
        }
    }

    private static <T> Future<Buffer> reply(CompletableFuture<T> result, Function<T, Buffer> encode) {
        return Future.fromCompletionStage(result).map(encode);
    }

    private static Buffer empty(Object ignored) {
        return Buffer.buffer();
    }

    private static Buffer bool(Boolean b) {
        return new WireWriter().bool(b).buffer();
    }

    private static Buffer bytes(byte[] b) {
        return new WireWriter().bytes(b).buffer();
    }
}
