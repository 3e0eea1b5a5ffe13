package io.heimdall.kv.lin;

import static io.heimdall.kv.landscape.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.common.hlc.HLC;
import io.heimdall.kv.client.KVNodes;
import io.heimdall.kv.client.KVStoreClient;
import io.heimdall.kv.client.KVStoreClientOptions;
import io.heimdall.kv.client.RangeRoute;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Concurrent reads, writes and compare-and-sets on one register through {@link KVStoreClient}, on a range of three
 * voters on three stores (three clustered Vert.x nodes), with the leader's node killed in the middle: the recorded
 * history must be linearizable.
 */
class RegisterLinearizabilityTest {
    private static final Logger LOG = LoggerFactory.getLogger(RegisterLinearizabilityTest.class);
    private static final String STORE = "lin.test";
    private static final int WORKERS = 4;
    private static final int MAX_OPS = 360;
    private static final int KILL_AFTER_OPS = 100;
    private static final long RUN_MILLIS = 60_000;

    @TempDir
    Path dir;

    @Test
    void registerStaysLinearizableAcrossALeaderKill() throws Exception {
        try (KVNodes kv = KVNodes.start(3, STORE, dir, RegisterCoProc.factory());
             KVStoreClient client = new KVStoreClient(kv.cluster().vertx(0), kv.node(0).landscape(),
                 KVStoreClientOptions.defaults().withCallTimeout(Duration.ofSeconds(15)))) {
            KVRangeId range = KVRangeId.genesis(HLC.INST.get());
            get(client.store(kv.storeId(0)).bootstrap(range, Boundary.FULL, 10_000));
            await(() -> client.routes().byId(range).isPresent(), 60_000);
            get(client.changeReplicaConfig(leaderVer(client, range), range,
                Set.of(kv.storeId(0), kv.storeId(1), kv.storeId(2)), Set.of()));
            await(() -> client.routes().byId(range).map(r -> r.replicas().size() == 3).orElse(false), 60_000);
            // the client lives on node 0: move the leadership away so that killing the leader leaves the client
            if (client.routes().byId(range).orElseThrow().leaderStore().equals(kv.storeId(0))) {
                get(client.transferLeadership(leaderVer(client, range), range, kv.storeId(1)));
                await(() -> client.routes().byId(range).map(r -> !r.leaderStore().equals(kv.storeId(0)))
                    .orElse(false), 60_000);
            }
            int victim = kv.indexOf(client.routes().byId(range).orElseThrow().leaderStore());

            History history = new History();
            AtomicInteger started = new AtomicInteger();
            AtomicInteger okBeforeKill = new AtomicInteger();
            AtomicInteger okAfterKill = new AtomicInteger();
            AtomicLong killedAt = new AtomicLong(-1);
            CountDownLatch killNow = new CountDownLatch(1);
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    Random rnd = new Random(worker);
                    long seq = 0;
                    int lastSeen = 0;
                    while (started.getAndIncrement() < MAX_OPS && System.nanoTime() < end) {
                        Op op = switch (rnd.nextInt(3)) {
                            case 0 -> Op.read();
                            case 1 -> Op.write(worker * 1_000_000 + (int) seq + 1);
                            default -> Op.cas(lastSeen, worker * 1_000_000 + (int) seq + 1);
                        };
                        seq++;
                        int id = history.invoke(worker, op);
                        try {
                            int result;
                            if (op.kind() == Op.Kind.READ) {
                                result = RegisterCoProc.value(get(client.get(RegisterCoProc.REGISTER)));
                                lastSeen = result;
                            } else {
                                result = RegisterCoProc.result(get(client.mutateCoProc(RegisterCoProc.REGISTER,
                                    RegisterCoProc.request(worker, seq, op))));
                            }
                            history.ok(id, result);
                            (killedAt.get() < 0 ? okBeforeKill : okAfterKill).incrementAndGet();
                            if (started.get() >= KILL_AFTER_OPS) {
                                killNow.countDown();
                            }
                        } catch (Exception e) {
                            // a failed read changed nothing; a failed mutation may still have been applied
                            if (op.kind() == Op.Kind.READ) {
                                history.fail(id);
                            } else {
                                history.info(id);
                            }
                        }
                    }
                    return null;
                }));
            }
            assertThat(killNow.await(RUN_MILLIS, TimeUnit.MILLISECONDS)).as("workload reached the kill point").isTrue();
            long killMark = history.mark();
            killedAt.set(System.nanoTime());
            LOG.info("killing node {} (store {}), leader of {}", victim, kv.storeId(victim), range);
            kv.kill(victim);
            for (java.util.concurrent.Future<?> f : workers) {
                f.get(RUN_MILLIS * 2, TimeUnit.MILLISECONDS);
            }
            pool.shutdown();

            List<History.Entry> entries = history.entries();
            LinearizabilityChecker.Result result = LinearizabilityChecker.check(entries);
            LOG.info("history: {} ops, ok {} (before kill {}, after {}), info {}, fail {}; explored {} nodes",
                entries.size(), history.count(History.Outcome.OK), okBeforeKill.get(), okAfterKill.get(),
                history.count(History.Outcome.INFO), history.count(History.Outcome.FAIL), result.explored());
            long spanning = entries.stream().filter(e -> e.call() < killMark && e.ret() > killMark).count();
            LOG.info("{} operations were in flight when the leader died", spanning);
            assertThat(spanning).as("operations in flight across the kill").isPositive();
            assertThat(okAfterKill.get()).as("operations completed after the leader died").isGreaterThan(20);
            assertThat(history.count(History.Outcome.OK)).isGreaterThan(MAX_OPS / 2);
            assertThat(result.linearizable()).as("linearizable; deepest order %s", result.deepestLinearization())
                .isTrue();
        }
    }

    private static long leaderVer(KVStoreClient client, KVRangeId id) throws Exception {
        RangeRoute route = client.routes().byId(id).orElseThrow();
        return get(client.store(route.leaderStore()).describe(10_000)).ranges().stream()
            .filter(r -> r.id().equals(id)).findFirst().map(RangeDescriptor::ver).orElseThrow();
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
