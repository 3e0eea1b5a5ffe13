package io.heimdall.retain.server;

import io.heimdall.common.cluster.Underlay;
import io.heimdall.common.cluster.UnderlayConfig;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.kv.host.LocalStores;
import io.heimdall.kv.landscape.Landscape;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.retain.client.RetainClient;
import io.heimdall.retain.store.RetainResult;
import io.heimdall.retain.store.RetainStoreVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes, each hosting a retain.store and serving retain.server: the default balancers replicate the range to
 * three voters, and retained messages survive the loss of the node whose store led it.
 */
class RetainClusterTest {
  private static final int NODES = 3;
  @TempDir
  Path dir;
  private final List<Vertx> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() throws Exception {
    List<Future<Void>> closing = nodes.stream().map(Vertx::close).toList();
    for (Future<Void> f : closing) {
      f.transform(ar -> Future.succeededFuture()).await(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void retainedMessagesSurviveTheLossOfTheLeadingNode() throws Exception {
    String env = "retain-cluster-" + UUID.randomUUID();
    int seedPort = freePort();
    for (int i = 0; i < NODES; i++) {
      int port = i == 0 ? seedPort : freePort();
      JsonObject cluster = new JsonObject().put("env", env).put("host", "127.0.0.1").put("port", port);
      if (i > 0) {
        cluster.put("seedEndpoints", "127.0.0.1:" + seedPort);
      }
      Vertx vertx = Underlay.start(UnderlayConfig.from(cluster, new JsonObject()), new VertxOptions())
        .await(60, TimeUnit.SECONDS);
      nodes.add(vertx);
    }
    for (int i = 0; i < NODES; i++) {
      nodes.get(i).deployVerticle(new RetainStoreVerticle(), new DeploymentOptions().setConfig(new JsonObject()
        .put("dataDir", dir.resolve("node" + i).toString()))).await(120, TimeUnit.SECONDS);
      nodes.get(i).deployVerticle(new RetainServerVerticle()).await(30, TimeUnit.SECONDS);
    }
    Landscape landscape = new Landscape(Underlay.hazelcast(nodes.get(0)), RetainStoreVerticle.STORE_NAME).start();
    try {
      await(() -> leader(landscape).map(r -> r.config().voters().size() == NODES
        && r.config().nextVoters().isEmpty()).orElse(false), 120);
      RetainClient client = new RetainClient(nodes.get(1));
      ClientInfo pub = new ClientInfo("t", ClientInfo.TYPE_MQTT, Map.of(ClientInfo.MQTT_CLIENT_ID, "p"));
      for (int i = 0; i < 20; i++) {
        Message m = new Message(i, 1, Buffer.buffer("m" + i), System.currentTimeMillis(), Message.NO_EXPIRY, true, null);
        assertThat(client.retain("t", "c/" + i, m, pub, 100).await(30, TimeUnit.SECONDS)).isEqualTo(RetainResult.RETAINED);
      }
      String leaderStore = leaderStoreId(landscape);
      int leaderNode = -1;
      for (int i = 0; i < NODES; i++) {
        if (LocalStores.of(nodes.get(i), RetainStoreVerticle.STORE_NAME).contains(leaderStore)) {
          leaderNode = i;
        }
      }
      assertThat(leaderNode).isNotNegative();
      landscape.stop();
      nodes.remove(leaderNode).close().await(60, TimeUnit.SECONDS);

      RetainClient survivor = new RetainClient(nodes.get(0));
      await(() -> {
        try {
          return survivor.match("t", "c/#", 100).await(20, TimeUnit.SECONDS).size() == 20;
        } catch (Exception e) {
          return false;
        }
      }, 90);
    } finally {
      landscape.stop();
    }
  }

  private static Optional<RangeDescriptor> leader(Landscape landscape) {
    return landscape.current().values().stream().flatMap(s -> s.ranges().stream())
      .filter(RangeDescriptor::isLeader).findFirst();
  }

  private static String leaderStoreId(Landscape landscape) {
    return landscape.current().values().stream()
      .filter(s -> s.ranges().stream().anyMatch(RangeDescriptor::isLeader)).findFirst().orElseThrow().id();
  }

  private static void await(BooleanSupplier condition, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + seconds + " s");
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
