package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Will messages: on unclean close, not after DISCONNECT 0x00, after 0x04, with will delay, cancelled by reconnect. */
class WillTest {
  @TempDir
  static Path dataDir;
  private static TestBroker broker;
  private Mqtt5BlockingClient watcher;
  private Mqtt5BlockingClient.Mqtt5Publishes wills;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(new JsonObject(), dataDir);
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
  }

  @BeforeEach
  void watch() {
    watcher = MqttClient.builder().useMqttVersion5().identifier("watcher")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    watcher.connect();
    wills = watcher.publishes(MqttGlobalPublishFilter.ALL);
    watcher.subscribeWith().topicFilter("will/#").qos(MqttQos.AT_LEAST_ONCE).send();
  }

  @AfterEach
  void unwatch() {
    wills.close();
    watcher.disconnect();
  }

  @Test
  void uncleanCloseOfMqtt311AndMqtt5PublishesTheWill() throws Exception {
    for (int level : new int[] {4, 5}) {
      RawMqttClient client = connectWithWill(level, "dying" + level, null, "will/" + level);
      client.close();
      Mqtt5Publish will = wills.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(will.getTopic().toString()).isEqualTo("will/" + level);
      assertThat(new String(will.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
    }
  }

  @Test
  void normalDisconnectDiscardsTheWillAndDisconnectWithWillKeepsIt() throws Exception {
    RawMqttClient polite = connectWithWill(5, "polite", null, "will/polite");
    polite.send(RawMqttClient.packet(0xE0, new byte[] {0x00, 0x00}));
    assertThat(polite.closedByBroker()).isTrue();
    RawMqttClient asking = connectWithWill(5, "asking", null, "will/asking");
    asking.send(RawMqttClient.packet(0xE0, new byte[] {0x04, 0x00}));
    assertThat(asking.closedByBroker()).isTrue();
    // Wills of one node are published in order, so the first will seen must be the one that was asked for.
    assertThat(wills.receive(30, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("will/asking");
    polite.close();
    asking.close();
  }

  @Test
  void willDelayHoldsTheWillAndAReconnectCancelsIt() throws Exception {
    long start = System.nanoTime();
    RawMqttClient delayed = connectWithWill(5, "delayed", 2L, "will/delayed");
    RawMqttClient cancelled = connectWithWill(5, "cancelled", 2L, "will/cancelled");
    delayed.close();
    cancelled.close();
    // The same client id comes back within the delay: its will must not be sent.
    RawMqttClient back = new RawMqttClient(broker.port);
    back.send(RawMqttClient.connect(5, "cancelled", 60));
    assertThat(back.readPacket()[0]).isEqualTo((byte) 0x20);

    Mqtt5Publish will = wills.receive(30, TimeUnit.SECONDS).orElseThrow();
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(will.getTopic().toString()).isEqualTo("will/delayed");
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(1_900);
    // The cancelled will would have fired at the same time; a marker published now arrives next instead.
    Mqtt5BlockingClient marker = MqttClient.builder().useMqttVersion5().identifier("marker")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    marker.connect();
    marker.publishWith().topic("will/marker").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
    marker.disconnect();
    assertThat(wills.receive(30, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("will/marker");
    back.close();
  }

  /** Connects a raw client with a QoS 0 will; a will delay needs a session expiry at least as long. */
  private static RawMqttClient connectWithWill(int level, String clientId, Long willDelay, String willTopic)
    throws Exception {
    RawMqttClient raw = new RawMqttClient(broker.port);
    byte[] props = level == 5 && willDelay != null ? new Mqtt5Props().int4(0x11, 30).encoded() : null;
    byte[] willProps = level == 5 && willDelay != null ? new Mqtt5Props().int4(0x18, willDelay).encoded() : null;
    raw.send(RawMqttClient.connect(level, clientId, 60, props, willTopic, "gone".getBytes(StandardCharsets.UTF_8),
      willProps));
    byte[] connack = raw.readPacket();
    assertThat(connack[0]).isEqualTo((byte) 0x20);
    assertThat(connack[2]).isZero();
    return raw;
  }
}
