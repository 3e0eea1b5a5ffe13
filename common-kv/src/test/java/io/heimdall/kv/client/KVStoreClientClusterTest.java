package io.heimdall.kv.client;

import static io.heimdall.kv.landscape.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heimdall.common.hlc.HLC;
import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.rpc.KVRangeStoreServer;
import io.heimdall.kv.store.KVRangeException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three stores on three clustered Vert.x nodes, reached only through the event bus: the client routes by the
 * landscape through bootstrap, growing to three voters, local reads on a follower, a split and a leadership
 * transfer, and the server answers malformed requests with typed errors.
 */
class KVStoreClientClusterTest {
    private static final String STORE = "client.test";

    @TempDir
    Path dir;

    @Test
    void routesThroughGrowthSplitAndTransfer() throws Exception {
        try (KVNodes kv = KVNodes.start(3, STORE, dir, KVRangeCoProcFactory.none());
             KVStoreClient client = new KVStoreClient(kv.cluster().vertx(0), kv.node(0).landscape(),
                 KVStoreClientOptions.defaults().withCallTimeout(Duration.ofSeconds(30)));
             KVStoreClient follower = new KVStoreClient(kv.cluster().vertx(0), kv.node(0).landscape(),
                 KVStoreClientOptions.defaults().withLocalStores(() -> Set.of(kv.storeId(2))))) {
            KVRangeId genesis = KVRangeId.genesis(HLC.INST.get());
            assertThat(get(client.store(kv.storeId(0)).bootstrap(genesis, Boundary.FULL, 10_000))).isTrue();
            assertThat(get(client.store(kv.storeId(0)).bootstrap(genesis, Boundary.FULL, 10_000))).isFalse();

            // grow to three voters by range id; the landscape then shows every replica
            await(() -> client.routes().byId(genesis).isPresent(), 60_000);
            get(client.changeReplicaConfig(leaderVer(client, genesis), genesis,
                Set.of(kv.storeId(0), kv.storeId(1), kv.storeId(2)), Set.of()));
            await(() -> client.routes().byId(genesis).map(x -> x.replicas().size() == 3).orElse(false), 60_000);

            assertThat(get(client.put(k("a"), k("1")))).isEmpty();
            assertThat(get(client.put(k("a"), k("2")))).isEqualTo(k("1"));
            assertThat(get(client.get(k("a")))).contains(k("2"));
            assertThat(get(client.exist(k("zz")))).isFalse();
            assertThat(get(client.delete(k("a")))).isEqualTo(k("2"));
            assertThat(get(client.get(k("a")))).isEmpty();

            // a local read on the follower's own replica catches up with a linearizable write
            get(client.put(k("f"), k("v")));
            await(() -> follower.localGet(k("f")).toCompletionStage().toCompletableFuture().join()
                .map(v -> new String(v, StandardCharsets.UTF_8).equals("v")).orElse(false), 30_000);

            // a stale version answers BAD_VERSION with the latest descriptor over the wire
            long ver = leaderVer(client, genesis);
            String leader = client.routes().byId(genesis).orElseThrow().leaderStore();
            Throwable stale = failure(client.store(leader).split(ver - 1, genesis, k("m"), 10_000));
            assertThat(stale).isInstanceOf(KVRangeException.class);
            assertThat(((KVRangeException) stale).code()).isEqualTo(KVRangeException.Code.BAD_VERSION);
            assertThat(((KVRangeException) stale).latest().ver()).isEqualTo(ver);

            // split: writes right after it are retried on BAD_VERSION until the route shows both halves
            get(client.split(ver, genesis, k("m")));
            for (String key : new String[] {"b", "l", "m", "x"}) {
                get(client.put(k(key), k(key)));
            }
            await(() -> client.routes().routes().size() == 2, 60_000);
            assertThat(client.routes().find(k("l")).orElseThrow().id()).isEqualTo(genesis);
            assertThat(client.routes().find(k("m")).orElseThrow().id()).isNotEqualTo(genesis);
            for (String key : new String[] {"b", "l", "m", "x", "f"}) {
                assertThat(get(client.get(k(key)))).as(key).isPresent();
            }

            // leadership moves; the client follows the landscape and keeps writing
            RangeRoute right = client.routes().find(k("x")).orElseThrow();
            String target = right.replicas().keySet().stream().filter(s -> !s.equals(right.leaderStore()))
                .sorted().findFirst().orElseThrow();
            get(client.transferLeadership(leaderVer(client, right.id()), right.id(), target));
            await(() -> client.routes().find(k("x")).map(x -> x.leaderStore().equals(target)).orElse(false), 60_000);
            assertThat(get(client.put(k("y"), k("after")))).isEmpty();
            assertThat(get(client.get(k("y")))).contains(k("after"));
        }
    }

    @Test
    void malformedRequestsGetTypedErrorsAndTheStoreKeepsServing() throws Exception {
        try (KVNodes kv = KVNodes.start(1, STORE, dir, KVRangeCoProcFactory.none());
             KVStoreClient client = new KVStoreClient(kv.cluster().vertx(0), kv.node(0).landscape(),
                 KVStoreClientOptions.defaults())) {
            RpcClient rpc = new RpcClient(kv.cluster().vertx(0));
            String address = KVRangeStoreServer.address(STORE, kv.storeId(0));
            RpcException truncated = rpcFailure(rpc.call(address, Buffer.buffer(new byte[] {1, 10, 0, 0}), 10_000));
            assertThat(truncated.code()).isEqualTo(ReplyCode.ERROR);
            assertThat(truncated.reason()).contains("truncated");
            RpcException schema = rpcFailure(rpc.call(address, Buffer.buffer(new byte[] {9, 13}), 10_000));
            assertThat(schema.reason()).contains("unsupported request schema 9");
            RpcException op = rpcFailure(rpc.call(address, Buffer.buffer(new byte[] {1, 99}), 10_000));
            assertThat(op.reason()).contains("unknown operation 99");

            Throwable missing = failure(client.store(kv.storeId(0)).get(0, new KVRangeId(1, 1), k("a"), true, 10_000));
            assertThat(((KVRangeException) missing).code()).isEqualTo(KVRangeException.Code.NOT_FOUND);
            assertThatThrownBy(() -> get(client.store("no-such-store").describe(10_000)))
                .hasCauseInstanceOf(io.heimdall.common.rpc.RpcUnreachableException.class);

            // with no range anywhere, a call keeps looking for a route until its deadline, then says so
            try (KVStoreClient impatient = new KVStoreClient(kv.cluster().vertx(0), kv.node(0).landscape(),
                KVStoreClientOptions.defaults().withCallTimeout(Duration.ofMillis(300)))) {
                long start = System.nanoTime();
                Throwable noRoute = failure(impatient.put(k("k"), k("v")));
                assertThat(((KVRangeException) noRoute).code()).isEqualTo(KVRangeException.Code.TRY_LATER);
                assertThat(noRoute.getMessage()).contains("gave up").contains("no route yet");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 5_000L);
            }

            assertThat(get(client.store(kv.storeId(0)).bootstrap(KVRangeId.genesis(HLC.INST.get()), Boundary.FULL,
                10_000))).isTrue();
            assertThat(get(client.put(k("k"), k("v")))).isEmpty();
            assertThat(get(client.store(kv.storeId(0)).describe(10_000)).ranges()).hasSize(1);
        }
    }

    /** The exact version a management call needs, from the leader itself rather than the landscape. */
    static long leaderVer(KVStoreClient client, KVRangeId id) throws Exception {
        String leader = client.routes().byId(id).orElseThrow().leaderStore();
        return get(client.store(leader).describe(10_000)).ranges().stream().filter(r -> r.id().equals(id))
            .findFirst().orElseThrow().ver();
    }

    static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static Throwable failure(Future<?> f) throws Exception {
        try {
            get(f);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("call succeeded");
    }

    private static RpcException rpcFailure(Future<?> f) throws Exception {
        Throwable e = failure(f);
        assertThat(e).isInstanceOf(RpcException.class);
        return (RpcException) e;
    }

    static byte[] k(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
