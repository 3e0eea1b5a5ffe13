package io.heimdall.sessiondict;

import io.heimdall.common.cluster.Underlay;
import io.heimdall.common.cluster.UnderlayConfig;
import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.KickRequest;
import io.heimdall.common.rpc.RpcReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real Hazelcast members on loopback for the session dict tests, plus waiting and a kick-recording broker address. */
final class TestMembers implements AutoCloseable {
  private final List<Vertx> nodes = new ArrayList<>();

  /** A condition that may throw while it is not yet met. */
  interface Check {
    boolean met() throws Exception;
  }

  /** Starts a member of {@code env}; {@code seeds} is null for the first. */
  Vertx member(String env, int port, String seeds) throws Exception {
    JsonObject cluster = new JsonObject().put("env", env).put("host", "127.0.0.1").put("port", port);
    if (seeds != null) {
      cluster.put("seedEndpoints", seeds);
    }
    Vertx vertx = Underlay.start(UnderlayConfig.from(cluster, new JsonObject()), new VertxOptions())
      .await(60, TimeUnit.SECONDS);
    nodes.add(vertx);
    return vertx;
  }

  /** Listens at {@code mqtt.broker.<serverId>} like an mqtt-server and records the kicks it gets. */
  static void recordKicks(Vertx vertx, String serverId, List<KickRequest> sink) throws Exception {
    vertx.eventBus().<Buffer>consumer("mqtt.broker." + serverId, msg -> {
      BufferReader in = new BufferReader(msg.body());
      in.readByte();
      in.readByte();
      sink.add(KickRequest.decodeBody(in));
      msg.reply(RpcReply.ok(Buffer.buffer()).encode());
    }).completion().await(30, TimeUnit.SECONDS);
  }

  static void awaitTrue(Check condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.met()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 60 s");
      }
      Thread.sleep(100);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    Future.all(nodes.stream().map(Vertx::close).toList()).await(60, TimeUnit.SECONDS);
  }
}
