package io.heimdall.kv.landscape;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Test helper: clustered Vert.x instances on Hazelcast, loopback only, joined by TCP-IP to each other. */
public final class ClusterNodes implements AutoCloseable {
    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<HazelcastClusterManager> managers = new ArrayList<>();

    private ClusterNodes() {
    }

    /** Starts {@code n} members in parallel under a cluster name of their own. */
    public static ClusterNodes start(int n) throws Exception {
        ClusterNodes nodes = new ClusterNodes();
        String cluster = "test-" + UUID.randomUUID();
        List<Integer> ports = freePorts(n);
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        List<CompletableFuture<Vertx>> starting = new ArrayList<>();
        for (int port : ports) {
            HazelcastClusterManager cm = new HazelcastClusterManager(config(cluster, port, members));
            nodes.managers.add(cm);
            VertxOptions options = new VertxOptions();
            options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
            starting.add(Vertx.builder().with(options).withClusterManager(cm).buildClustered()
                .toCompletionStage().toCompletableFuture());
        }
        for (CompletableFuture<Vertx> f : starting) {
            nodes.vertxes.add(f.get(60, TimeUnit.SECONDS));
        }
        await(() -> nodes.managers.stream()
            .allMatch(m -> m.getHazelcastInstance().getCluster().getMembers().size() == n), 60_000);
        return nodes;
    }

    public Vertx vertx(int i) {
        return vertxes.get(i);
    }

    public HazelcastInstance hazelcast(int i) {
        return managers.get(i).getHazelcastInstance();
    }

    /** Closes one member's Vert.x (and so its Hazelcast member), as a departing process would. */
    public void stop(int i) throws Exception {
        vertxes.get(i).close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Polls {@code condition} until it holds or {@code timeoutMillis} passes, then fails. */
    public static void await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeoutMillis + " ms");
            }
            Thread.sleep(20);
        }
    }

    /** Closes every member in parallel; a member that fails to close is left behind, not reported. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Vertx v : vertxes) {
            closing.add(v.close().toCompletionStage().toCompletableFuture());
        }
        for (CompletableFuture<Void> f : closing) {
            f.handle((v, e) -> null).orTimeout(60, TimeUnit.SECONDS).handle((v, e) -> null).join();
        }
    }

    private static Config config(String cluster, int port, List<String> members) {
        Config cfg = ConfigUtil.loadConfig();
        cfg.setClusterName(cluster);
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        return cfg;
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
