package io.heimdall.common.cluster;

import com.hazelcast.cluster.Member;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real Hazelcast members on loopback: seeds join one cluster, another env stays apart. */
class UnderlayJoinTest {
  private final List<Vertx> started = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Future.all(started.stream().map(Vertx::close).toList()).await(60, TimeUnit.SECONDS);
  }

  @Test
  void seedsJoinOneClusterAndAnotherEnvStaysApart() throws Exception {
    int seedPort = freePort();
    int joinerPort = freePort();
    int strangerPort = freePort();
    Vertx seed = start("blue", seedPort, null);
    Vertx joiner = start("blue", joinerPort, "127.0.0.1:" + seedPort);
    Vertx stranger = start("green", strangerPort, "127.0.0.1:" + seedPort);

    awaitTrue(() -> Underlay.hazelcast(seed).getCluster().getMembers().size() == 2, Duration.ofSeconds(60));
    assertThat(ports(joiner)).containsExactlyInAnyOrder(seedPort, joinerPort);
    assertThat(ports(stranger)).containsExactly(strangerPort);
    assertThat(Underlay.hazelcast(seed).getConfig().getClusterName()).isEqualTo("blue");
    for (Member member : Underlay.hazelcast(seed).getCluster().getMembers()) {
      assertThat(member.getAttribute(MemberAttributes.PID)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
      assertThat(member.getAddress().getHost()).isEqualTo("127.0.0.1");
    }
    // The event bus spans the members of one env only.
    joiner.eventBus().consumer("underlay.test", msg -> msg.reply("pong"));
    awaitTrue(() -> seed.eventBus().request("underlay.test", "ping").await(5, TimeUnit.SECONDS).body().equals("pong"),
      Duration.ofSeconds(30));
    assertThat(Underlay.rpcEndpoint(joiner).host()).isEqualTo("127.0.0.1");
    assertThat(Underlay.rpcEndpoint(joiner).port()).isPositive();
    stranger.eventBus().consumer("underlay.stranger", msg -> msg.reply("pong"));
    assertThatThrownBy(() -> seed.eventBus().request("underlay.stranger", "ping").await(5, TimeUnit.SECONDS))
      .isInstanceOfSatisfying(ReplyException.class,
        e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
  }

  private List<Integer> ports(Vertx vertx) {
    return Underlay.hazelcast(vertx).getCluster().getMembers().stream().map(m -> m.getAddress().getPort()).toList();
  }

  private Vertx start(String env, int port, String seeds) throws Exception {
    JsonObject cluster = new JsonObject().put("env", env).put("host", "127.0.0.1").put("port", port);
    if (seeds != null) {
      cluster.put("seedEndpoints", seeds);
    }
    Vertx vertx = Underlay.start(UnderlayConfig.from(cluster, new JsonObject()), new VertxOptions())
      .await(60, TimeUnit.SECONDS);
    started.add(vertx);
    return vertx;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void awaitTrue(Condition condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (condition.test()) {
          return;
        }
      } catch (Exception notYet) {
        // retried until the deadline
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private interface Condition {
    boolean test() throws Exception;
  }
}
