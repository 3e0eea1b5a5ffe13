package io.heimdall.mqtt;

import io.heimdall.dist.server.DistServerVerticle;
import io.heimdall.dist.worker.DistWorkerCoProcFactory;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
import io.heimdall.sessiondict.SessionDictServerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One Vert.x with the session dict and an MQTT server on an ephemeral loopback port. */
final class TestBroker implements AutoCloseable {
  final Vertx vertx;
  final MqttServerVerticle mqtt;
  final int port;
  private final RaftKVRangeStore distWorker;

  private TestBroker(Vertx vertx, MqttServerVerticle mqtt, RaftKVRangeStore distWorker) {
    this.vertx = vertx;
    this.mqtt = mqtt;
    this.port = mqtt.actualPort();
    this.distWorker = distWorker;
  }

  /** Starts without dist: everything but routing. */
  static TestBroker start(JsonObject extra) throws Exception {
    return start(extra, null);
  }

  /**
   * Starts with dist: a dist.worker store with one genesis range in {@code dataDir} and a dist
   * server over it; extra holds mqttServiceConfig.server keys (plugin class names, ...).
   */
  static TestBroker start(JsonObject extra, Path dataDir) throws Exception {
    Vertx vertx = Vertx.vertx();
    RaftKVRangeStore store = null;
    if (dataDir != null) {
      store = new RaftKVRangeStore(KVRangeStoreOptions.of("dist.worker", dataDir, "127.0.0.1", 0,
        new DistWorkerCoProcFactory(), s -> Optional.empty()).withFsync(false)
        .withElectionTimeoutMin(Duration.ofMillis(1000)));
      store.start().get(60, TimeUnit.SECONDS);
      KVRangeId range = KVRangeId.genesis(1);
      store.bootstrap(range, Boundary.FULL).get(60, TimeUnit.SECONDS);
      RaftKVRangeStore s = store;
      Await.until(() -> s.describe().ranges().stream().anyMatch(r -> r.role() == RaftRole.Leader), 60,
        "dist.worker range leader");
      vertx.deployVerticle(new DistServerVerticle(new OneRangeRouteStore(store, range))).await(30, TimeUnit.SECONDS);
    }
    vertx.deployVerticle(new SessionDictServerVerticle()).await(30, TimeUnit.SECONDS);
    MqttServerVerticle mqtt = new MqttServerVerticle();
    JsonObject config = new JsonObject()
      .put("tcpListener", new JsonObject().put("enable", true).put("host", "127.0.0.1").put("port", 0))
      .mergeIn(extra);
    vertx.deployVerticle(mqtt, new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
    return new TestBroker(vertx, mqtt, store);
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    if (distWorker != null) {
      distWorker.stop().get(60, TimeUnit.SECONDS);
    }
  }
}
