package io.heimdall.mqtt;

import io.heimdall.inbox.client.InboxClient;
import io.heimdall.inbox.server.InboxServerVerticle;
import io.heimdall.inbox.store.InboxStoreVerticle;
import io.heimdall.retain.client.RetainClient;
import io.heimdall.retain.server.RetainServerVerticle;
import io.heimdall.retain.store.RetainStoreVerticle;
import io.heimdall.kv.landscape.Landscape;
import io.heimdall.common.cluster.Underlay;
import io.heimdall.common.cluster.UnderlayConfig;
import io.heimdall.dist.client.DistClient;
import io.heimdall.dist.server.DistServerVerticle;
import io.heimdall.dist.worker.DistWorkerVerticle;
import io.heimdall.sessiondict.SessionDictServerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A one-node broker in the test JVM, wired as the node wires it: session dict and MQTT server, and
 * with a data directory also a Hazelcast member hosting a dist.worker store plus the dist server,
 * so publishes take the cluster path (dist.server, dist.worker ranges, mqtt.broker delivery).
 */
final class TestBroker implements AutoCloseable {
  final Vertx vertx;
  final MqttServerVerticle mqtt;
  final int port;
  /** The Hazelcast member port when clustered, else 0. */
  final int memberPort;
  /** Deployment id of the session dict server, to stop it in tests. */
  final String sessionDictDeployment;

  private TestBroker(Vertx vertx, MqttServerVerticle mqtt, int memberPort, String sessionDictDeployment) {
    this.vertx = vertx;
    this.mqtt = mqtt;
    this.port = mqtt.actualPort();
    this.memberPort = memberPort;
    this.sessionDictDeployment = sessionDictDeployment;
  }

  /** Starts without dist: everything but routing (subscriptions are refused with 0x80). */
  static TestBroker start(JsonObject extra) throws Exception {
    return start(extra, null);
  }

  /** Starts with dist when {@code dataDir} is given; extra holds mqttServiceConfig.server keys. */
  static TestBroker start(JsonObject extra, Path dataDir) throws Exception {
    return dataDir == null ? start(extra, null, null, null) : start(extra, dataDir, "mqtt-test-" + UUID.randomUUID(), null);
  }

  /**
   * Starts a clustered node of {@code env} joining {@code seed} (null for the first node); with a
   * data directory it also hosts a dist.worker store. Without env it is a plain Vert.x without dist.
   */
  static TestBroker start(JsonObject extra, Path dataDir, String env, TestBroker seed) throws Exception {
    return start(extra, dataDir, env, seed, false, false);
  }

  /** A single clustered node with dist and, in {@code dataDir}/retain.store, the retain service. */
  static TestBroker startWithRetain(JsonObject extra, Path dataDir) throws Exception {
    return start(extra, dataDir, "mqtt-test-" + UUID.randomUUID(), null, true, false);
  }

  /**
   * A single clustered node with dist and the inbox service (inbox.store in {@code dataDir}/inbox.store) for
   * persistent sessions; started again on the same directory it finds its routes and inboxes.
   */
  static TestBroker startWithInbox(JsonObject extra, Path dataDir) throws Exception {
    return startWithInbox(extra, dataDir, "mqtt-test-" + UUID.randomUUID());
  }

  /** The first node of cluster {@code env}, hosting dist.worker and inbox.store with the inbox service. */
  static TestBroker startWithInbox(JsonObject extra, Path dataDir, String env) throws Exception {
    return start(extra, dataDir, env, null, false, true);
  }

  private static TestBroker start(JsonObject extra, Path dataDir, String env, TestBroker seed, boolean retain,
                                  boolean inbox) throws Exception {
    Vertx vertx;
    int memberPort = 0;
    if (env == null) {
      vertx = Vertx.vertx();
    } else {
      memberPort = freePort();
      JsonObject cluster = new JsonObject().put("env", env).put("host", "127.0.0.1").put("port", memberPort);
      if (seed != null) {
        cluster.put("seedEndpoints", "127.0.0.1:" + seed.memberPort);
      }
      vertx = Underlay.start(UnderlayConfig.from(cluster, new JsonObject()), new VertxOptions()).await(60, TimeUnit.SECONDS);
      if (dataDir != null) {
        vertx.deployVerticle(new DistWorkerVerticle(), new DeploymentOptions().setConfig(new JsonObject()
          .put("dataDir", dataDir.resolve("dist.worker").toString()))).await(120, TimeUnit.SECONDS);
      }
      if (retain) {
        vertx.deployVerticle(new RetainStoreVerticle(), new DeploymentOptions().setConfig(new JsonObject()
          .put("dataDir", dataDir.resolve("retain.store").toString()))).await(120, TimeUnit.SECONDS);
        vertx.deployVerticle(new RetainServerVerticle()).await(30, TimeUnit.SECONDS);
        RetainClient retainProbe = new RetainClient(vertx);
        Await.until(() -> {
          try {
            retainProbe.match("probe", "#", 1).await(15, TimeUnit.SECONDS);
            return true;
          } catch (Exception e) {
            return false;
          }
        }, 90, "retain.store answering");
      }
      if (inbox) {
        vertx.deployVerticle(new InboxStoreVerticle(), new DeploymentOptions().setConfig(new JsonObject()
          .put("dataDir", dataDir.resolve("inbox.store").toString()))).await(120, TimeUnit.SECONDS);
        vertx.deployVerticle(new InboxServerVerticle()).await(30, TimeUnit.SECONDS);
        InboxClient inboxProbe = new InboxClient(vertx);
        Await.until(() -> {
          try {
            inboxProbe.fetch("probe", "probe", 0, 0, 1).await(15, TimeUnit.SECONDS);
            return true;
          } catch (Exception e) {
            return false;
          }
        }, 90, "inbox.store answering");
      }
      vertx.deployVerticle(new DistServerVerticle()).await(30, TimeUnit.SECONDS);
      awaitRoutable(vertx);
    }
    String sessionDict = vertx.deployVerticle(new SessionDictServerVerticle()).await(30, TimeUnit.SECONDS);
    MqttServerVerticle mqtt = new MqttServerVerticle();
    JsonObject config = new JsonObject()
      .put("tcpListener", new JsonObject().put("enable", true).put("host", "127.0.0.1").put("port", 0))
      .mergeIn(extra);
    vertx.deployVerticle(mqtt, new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
    return new TestBroker(vertx, mqtt, memberPort, sessionDict);
  }

  /** Waits until the dist.worker range exists and takes route writes (bootstrap delay plus election). */
  private static void awaitRoutable(Vertx vertx) throws Exception {
    DistClient probe = new DistClient(vertx);
    try {
      Await.until(() -> {
        try {
          probe.addRoute("probe", "probe", "probe").await(15, TimeUnit.SECONDS);
          return true;
        } catch (Exception e) {
          return false;
        }
      }, 90, "dist.worker accepting routes");
    } catch (AssertionError e) {
      // Say what the cluster looked like, so a slow or stuck range can be told apart from a routing bug.
      Landscape landscape = new Landscape(Underlay.hazelcast(vertx), DistWorkerVerticle.STORE_NAME).start();
      try {
        throw new AssertionError(e.getMessage() + "; landscape: " + landscape.current(), e);
      } finally {
        landscape.stop();
      }
    }
    probe.removeRoute("probe", "probe", "probe").await(15, TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(60, TimeUnit.SECONDS);
  }
}
