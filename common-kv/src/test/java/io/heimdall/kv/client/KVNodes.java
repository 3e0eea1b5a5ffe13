package io.heimdall.kv.client;

import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.landscape.ClusterNodes;
import io.heimdall.kv.landscape.Landscape;
import io.heimdall.kv.landscape.LandscapePublisher;
import io.heimdall.kv.rpc.KVRangeStoreServer;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: one store per clustered Vert.x node, each served on the event bus and published into the landscape,
 * as a node of the product wires them. A node can be killed (store, RPC and Hazelcast member gone at once).
 */
public final class KVNodes implements AutoCloseable {
    /** Everything one node runs for a store name. */
    public record Node(RaftKVRangeStore store, Landscape landscape, KVRangeStoreServer server,
                       LandscapePublisher publisher) {
    }

    private final ClusterNodes cluster;
    private final List<Node> nodes = new ArrayList<>();
    private final boolean[] dead;

    private KVNodes(ClusterNodes cluster, int n) {
        this.cluster = cluster;
        this.dead = new boolean[n];
    }

    public static KVNodes start(int n, String storeName, Path dataRoot, KVRangeCoProcFactory coProcs)
        throws Exception {
        KVNodes kv = new KVNodes(ClusterNodes.start(n), n);
        try {
            List<CompletableFuture<Node>> starting = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                starting.add(kv.startNode(i, storeName, dataRoot.resolve("store" + i), coProcs));
            }
            for (CompletableFuture<Node> f : starting) {
                kv.nodes.add(f.get(60, TimeUnit.SECONDS));
            }
        } catch (Exception e) {
            kv.close();
            throw e;
        }
        return kv;
    }

    private CompletableFuture<Node> startNode(int i, String storeName, Path dir, KVRangeCoProcFactory coProcs) {
        return CompletableFuture.supplyAsync(() -> new Landscape(cluster.hazelcast(i), storeName).start())
            .thenCompose(landscape -> {
                RaftKVRangeStore store = new RaftKVRangeStore(KVRangeStoreOptions.of(storeName, dir, "127.0.0.1", 0,
                        coProcs, landscape::raftEndpoint)
                    .withFsync(false)
                    .withElectionTimeoutMin(Duration.ofMillis(1000))
                    .withStatsInterval(Duration.ofMillis(500)));
                return store.start()
                    .thenCompose(v -> KVRangeStoreServer.start(cluster.vertx(i), store).toCompletionStage())
                    .thenCompose(server -> LandscapePublisher.attach(cluster.hazelcast(i), store)
                        .thenApply(pub -> new Node(store, landscape, server, pub)));
            });
    }

    public ClusterNodes cluster() {
        return cluster;
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    public String storeId(int i) {
        return nodes.get(i).store().id();
    }

    public int indexOf(String storeId) {
        for (int i = 0; i < nodes.size(); i++) {
            if (storeId(i).equals(storeId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no store " + storeId);
    }

    /** A crash as the rest of the cluster sees it: the store stops and its Hazelcast member leaves. */
    public void kill(int i) throws Exception {
        dead[i] = true;
        Node n = nodes.get(i);
        n.store().stop().get(60, TimeUnit.SECONDS);
        cluster.stop(i);
    }

    /** Stops every live store in parallel, then the cluster members. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (!dead[i]) {
                stops.add(nodes.get(i).store().stop());
            }
        }
        for (CompletableFuture<Void> f : stops) {
            f.orTimeout(60, TimeUnit.SECONDS).handle((v, e) -> null).join();
        }
        cluster.close();
    }
}
