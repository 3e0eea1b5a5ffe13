package io.heimdall.mqtt;

import io.heimdall.sessiondict.SessionDictServerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/** One Vert.x with the session dict and an MQTT server on an ephemeral loopback port. */
final class TestBroker implements AutoCloseable {
  final Vertx vertx;
  final MqttServerVerticle mqtt;
  final int port;

  private TestBroker(Vertx vertx, MqttServerVerticle mqtt) {
    this.vertx = vertx;
    this.mqtt = mqtt;
    this.port = mqtt.actualPort();
  }

  /** Starts with extra mqttServiceConfig.server keys (plugin class names, maxMsgByteSize, ...). */
  static TestBroker start(JsonObject extra) throws Exception {
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new SessionDictServerVerticle()).await(30, TimeUnit.SECONDS);
    MqttServerVerticle mqtt = new MqttServerVerticle();
    JsonObject config = new JsonObject()
      .put("tcpListener", new JsonObject().put("enable", true).put("host", "127.0.0.1").put("port", 0))
      .mergeIn(extra);
    vertx.deployVerticle(mqtt, new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
    return new TestBroker(vertx, mqtt);
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
