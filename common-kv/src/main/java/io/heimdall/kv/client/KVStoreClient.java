package io.heimdall.kv.client;

import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.kv.landscape.Landscape;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.rpc.RemoteKVRangeStore;
import io.heimdall.kv.store.KVRangeException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls the ranges of one store name over the event bus, routed by key from the {@link Landscape}. Data calls go to
 * the range leader and are retried inside the call's deadline on BAD_VERSION (with the returned descriptor), leader
 * change, TRY_LATER and an unreachable store, with exponential backoff. Because a TRY_LATER or a timeout after the
 * proposal leaves the outcome unknown, a retried mutation may apply twice: mutations must be idempotent (for
 * example, carry a request id the coprocessor deduplicates). A failure after the deadline is a
 * {@link KVRangeException} with code TRY_LATER whose cause is the last attempt's failure.
 */
public final class KVStoreClient implements AutoCloseable {
    private final Vertx vertx;
    private final String storeName;
    private final KVStoreClientOptions options;
    private final RpcClient rpc;
    private final Map<String, RemoteKVRangeStore> stores = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;
    private volatile RouteTable routes = RouteTable.empty();

    public KVStoreClient(Vertx vertx, Landscape landscape, KVStoreClientOptions options) {
        this.vertx = vertx;
        this.storeName = landscape.storeName();
        this.options = options;
        this.rpc = new RpcClient(vertx);
        this.subscription = landscape.onChange(stores -> routes = RouteTable.build(stores));
    }

    /** The routes as the client sees them now. */
    public RouteTable routes() {
        return routes;
    }

    /** The caller of one store, for calls that target a store rather than a range leader (bootstrap, quit). */
    public RemoteKVRangeStore store(String storeId) {
        return stores.computeIfAbsent(storeId, id -> new RemoteKVRangeStore(rpc, storeName, id));
    }

    /** Puts and answers the previous value (empty array when none). */
    public Future<byte[]> put(byte[] key, byte[] value) {
        return byKey(key, false, (s, r, t) -> s.put(r.ver(), r.id(), key, value, t));
    }

    /** Deletes and answers the previous value (empty array when none). */
    public Future<byte[]> delete(byte[] key) {
        return byKey(key, false, (s, r, t) -> s.delete(r.ver(), r.id(), key, t));
    }

    /** A linearizable read on the leader. */
    public Future<Optional<byte[]>> get(byte[] key) {
        return byKey(key, false, (s, r, t) -> s.get(r.ver(), r.id(), key, true, t));
    }

    /** A read from any replica ready for queries, this process's own first: may be stale. */
    public Future<Optional<byte[]>> localGet(byte[] key) {
        return byKey(key, true, (s, r, t) -> s.get(r.ver(), r.id(), key, false, t));
    }

    public Future<Boolean> exist(byte[] key) {
        return byKey(key, false, (s, r, t) -> s.exist(r.ver(), r.id(), key, true, t));
    }

    /** Runs a coprocessor mutation in the range holding {@code routeKey}. */
    public Future<byte[]> mutateCoProc(byte[] routeKey, byte[] mutation) {
        return byKey(routeKey, false, (s, r, t) -> s.mutateCoProc(r.ver(), r.id(), mutation, t));
    }

    /** A linearizable coprocessor query in the range holding {@code routeKey}. */
    public Future<byte[]> queryCoProc(byte[] routeKey, byte[] query) {
        return byKey(routeKey, false, (s, r, t) -> s.queryCoProc(r.ver(), r.id(), query, true, t));
    }

    /** A coprocessor query on any replica ready for queries, this process's own first. */
    public Future<byte[]> localQueryCoProc(byte[] routeKey, byte[] query) {
        return byKey(routeKey, true, (s, r, t) -> s.queryCoProc(r.ver(), r.id(), query, false, t));
    }

    /**
     * Management calls carry the exact version the caller planned with. They may take long (a config change waits
     * for new members to catch up), so one attempt may use the whole deadline; they are retried only when they
     * certainly did not run (no leader, store unreachable), never after BAD_VERSION or a timeout.
     */
    public Future<Void> split(long ver, KVRangeId id, byte[] splitKey) {
        return byId(id, (s, t) -> s.split(ver, id, splitKey, t));
    }

    public Future<Void> changeReplicaConfig(long ver, KVRangeId id, Set<String> voters, Set<String> learners) {
        return byId(id, (s, t) -> s.changeReplicaConfig(ver, id, voters, learners, t));
    }

    public Future<Void> transferLeadership(long ver, KVRangeId id, String newLeaderStore) {
        return byId(id, (s, t) -> s.transferLeadership(ver, id, newLeaderStore, t));
    }

    public Future<Void> merge(long ver, KVRangeId mergerId, KVRangeId mergeeId) {
        return byId(mergerId, (s, t) -> s.merge(ver, mergerId, mergeeId, t));
    }

    /** Stops following the landscape; calls in flight finish on their own. */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot unsubscribe from the landscape", e);
        }
    }

    /** One attempt against a chosen store and the range version the client believes in. */
    private interface RangeCall<T> {
        Future<T> call(RemoteKVRangeStore store, RangeDescriptor range, long timeoutMillis);
    }

    private interface StoreCall<T> {
        Future<T> call(RemoteKVRangeStore store, long timeoutMillis);
    }

    private record Target(String store, RangeDescriptor range) {
    }

    private <T> Future<T> byKey(byte[] key, boolean anyReplica, RangeCall<T> call) {
        if (key == null) {
            return Future.failedFuture(new KVRangeException(KVRangeException.Code.BAD_REQUEST, "key is null"));
        }
        return new Attempts<T>(attempt -> routes.find(key).map(r -> pick(r, anyReplica, attempt)), call, false)
            .start();
    }

    private <T> Future<T> byId(KVRangeId id, StoreCall<T> call) {
        return new Attempts<T>(attempt -> routes.byId(id).map(r -> new Target(r.leaderStore(), r.leader())),
            (s, r, t) -> call.call(s, t), true).start();
    }

    private Target pick(RangeRoute route, boolean anyReplica, int attempt) {
        if (!anyReplica) {
            return new Target(route.leaderStore(), route.leader());
        }
        Set<String> local = options.localStores().get();
        List<String> candidates = new ArrayList<>(route.replicas().keySet());
        candidates.sort(String::compareTo);
        // own replica first; after a failure, rotate through the others
        Optional<String> own = candidates.stream().filter(local::contains).findFirst();
        String store = attempt == 0 && own.isPresent() ? own.get() : candidates.get(attempt % candidates.size());
        return new Target(store, route.replicas().get(store));
    }

    /** The retry loop of one call: resolve a target, call it, classify the failure, back off, until the deadline. */
    private final class Attempts<T> {
        private final Function<Integer, Optional<Target>> resolve;
        private final RangeCall<T> call;
        private final boolean management;
        private final long deadline = System.nanoTime() + options.callTimeout().toNanos();
        private final Promise<T> promise = Promise.promise();
        private int attempt;
        private int backoffs;
        private boolean patched;
        private Throwable last;

        Attempts(Function<Integer, Optional<Target>> resolve, RangeCall<T> call, boolean management) {
            this.resolve = resolve;
            this.call = call;
            this.management = management;
        }

        Future<T> start() {
            next();
            return promise.future();
        }

        private void next() {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining <= 0) {
                promise.fail(new KVRangeException(KVRangeException.Code.TRY_LATER, "gave up after " + attempt
                    + " attempts within " + options.callTimeout().toMillis() + " ms: " + describe(last), null, last));
                return;
            }
            Optional<Target> target = resolve.apply(attempt);
            if (target.isEmpty()) {
                last = new KVRangeException(KVRangeException.Code.TRY_LATER, "no route yet");
                backOff();
                return;
            }
            Target t = target.get();
            attempt++;
            long timeout = management ? remaining : Math.min(remaining, options.attemptTimeout().toMillis());
            call.call(store(t.store()), t.range(), timeout)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        promise.complete(ar.result());
                    } else {
                        failed(t, ar.cause());
                    }
                });
        }

        private void failed(Target t, Throwable e) {
            last = e;
            if (e instanceof KVRangeException k) {
                switch (k.code()) {
                    case BAD_VERSION -> {
                        if (management) {
                            promise.fail(e);
                            return;
                        }
                        if (k.latest() != null) {
                            routes = routes.patch(t.store(), k.latest());
                        }
                        // the first stale route is retried at once with the fresh descriptor; repeats back off
                        if (k.latest() != null && !patched) {
                            patched = true;
                            next();
                        } else {
                            backOff();
                        }
                        return;
                    }
                    case TRY_LATER, NOT_FOUND, BACK_PRESSURE_REJECTED -> {
                        backOff();
                        return;
                    }
                    default -> {
                        promise.fail(e);
                        return;
                    }
                }
            }
            if (e instanceof RpcException re && (re.notDelivered() || !management)) {
                // the leader may have moved or died
                backOff();
                return;
            }
            promise.fail(e);
        }

        private void backOff() {
            long base = options.minBackoff().toMillis() << Math.min(backoffs++, 16);
            long cap = Math.min(base, options.maxBackoff().toMillis());
            long delay = Math.max(1, cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            vertx.setTimer(Math.max(1, Math.min(delay, remaining)), id -> next());
        }
    }

    private static String describe(Throwable e) {
        return e == null ? "no attempt made" : e.getMessage();
    }
}
