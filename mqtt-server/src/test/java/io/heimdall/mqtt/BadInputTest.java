package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed and forbidden input gets a reason code or a close; a bystander client keeps being served. */
class BadInputTest {
  private static TestBroker broker;
  private Mqtt5BlockingClient bystander;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(new JsonObject().put("maxMsgByteSize", 4096));
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
  }

  @BeforeEach
  void connectBystander() {
    bystander = MqttClient.builder().useMqttVersion5().identifier("bystander")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    bystander.connect();
  }

  @AfterEach
  void bystanderIsStillServed() {
    assertThat(bystander.getState().isConnected()).isTrue();
    assertThat(bystander.unsubscribeWith().topicFilter("never/subscribed").send().getReasonCodes())
      .containsExactly(Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);
    bystander.disconnect();
  }

  @Test
  void mqtt31ConnectsWithAnIdentifierAndIsRefusedWithout() throws Exception {
    try (RawMqttClient raw = new RawMqttClient(broker.port)) {
      raw.send(RawMqttClient.connect31("old-timer"));
      byte[] connack = raw.readPacket();
      assertThat(connack[0]).isEqualTo((byte) 0x20);
      assertThat(connack[2]).isZero();
    }
    // MQTT 3.1 needs an identifier; the packet decoder refuses the CONNECT, and the connection closes.
    try (RawMqttClient raw = new RawMqttClient(broker.port)) {
      raw.send(RawMqttClient.connect31(""));
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  @Test
  void unknownProtocolLevelIsRefusedWith0x01() throws Exception {
    try (RawMqttClient raw = new RawMqttClient(broker.port)) {
      byte[] connect = RawMqttClient.connect(4, "future", 60);
      connect[8] = 9;
      raw.send(connect);
      byte[] connack = raw.readPacket();
      assertThat(connack[0]).isEqualTo((byte) 0x20);
      assertThat(connack[2]).isEqualTo((byte) 0x01);
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  @Test
  void firstPacketNotConnectIsClosed() throws Exception {
    try (RawMqttClient raw = new RawMqttClient(broker.port)) {
      raw.send(new byte[] {(byte) 0xC0, 0x00});
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  @Test
  void badRemainingLengthIsClosed() throws Exception {
    try (RawMqttClient raw = new RawMqttClient(broker.port)) {
      raw.send(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  @Test
  void wildcardInPublishTopicGetsDisconnect0x90() throws Exception {
    try (RawMqttClient raw = connected(5, "wild5")) {
      raw.send(RawMqttClient.publish(5, "a/+".getBytes(StandardCharsets.UTF_8), new byte[] {1}));
      byte[] disconnect = raw.readPacket();
      assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
      assertThat(disconnect[1] & 0xFF).isEqualTo(0x90);
      assertThat(raw.closedByBroker()).isTrue();
    }
    try (RawMqttClient raw = connected(4, "wild311")) {
      raw.send(RawMqttClient.publish(4, "a/#".getBytes(StandardCharsets.UTF_8), new byte[] {1}));
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  @Test
  void invalidUtf8TopicIsRefused() throws Exception {
    try (RawMqttClient raw = connected(5, "utf5")) {
      raw.send(RawMqttClient.publish(5, new byte[] {'a', (byte) 0xC3, 0x28}, new byte[] {1}));
      byte[] disconnect = raw.readPacket();
      assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
      assertThat(disconnect[1] & 0xFF).isIn(0x81, 0x90);
      assertThat(raw.closedByBroker()).isTrue();
    }
    try (RawMqttClient raw = connected(4, "utf311")) {
      raw.send(RawMqttClient.publish(4, new byte[] {'a', 0x00, 'b'}, new byte[] {1}));
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  @Test
  void oversizedPacketIsRefused() throws Exception {
    try (RawMqttClient raw = connected(5, "big5")) {
      raw.send(RawMqttClient.publish(5, "big".getBytes(StandardCharsets.UTF_8), new byte[8000]));
      byte[] disconnect = raw.readPacket();
      if (disconnect != null) {
        assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
        assertThat(disconnect[1] & 0xFF).isEqualTo(0x95);
      }
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  @Test
  void floodOfSubscribesIsAnsweredOrCutOffWith0x96() throws Exception {
    try (RawMqttClient raw = connected(5, "flooder")) {
      java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
      int n = 500;
      for (int id = 1; id <= n; id++) {
        burst.writeBytes(RawMqttClient.subscribe(5, id, 0, "flood/" + id));
      }
      raw.send(burst.toByteArray());
      // Either every SUBSCRIBE is answered in order, or the broker cuts the client off with 0x96.
      for (int id = 1; id <= n; id++) {
        byte[] packet = raw.readPacket();
        assertThat(packet).isNotNull();
        if (packet[0] == (byte) 0xE0) {
          assertThat(packet[1] & 0xFF).isEqualTo(0x96);
          assertThat(raw.closedByBroker()).isTrue();
          return;
        }
        assertThat(packet[0]).isEqualTo((byte) 0x90);
        assertThat(((packet[1] & 0xFF) << 8) | (packet[2] & 0xFF)).isEqualTo(id);
      }
    }
  }

  @Test
  void secondConnectIsAProtocolViolation() throws Exception {
    try (RawMqttClient raw = connected(4, "twice")) {
      raw.send(RawMqttClient.connect(4, "twice", 60));
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  private static RawMqttClient connected(int level, String clientId) throws Exception {
    RawMqttClient raw = new RawMqttClient(broker.port);
    raw.send(RawMqttClient.connect(level, clientId, 60));
    byte[] connack = raw.readPacket();
    assertThat(connack[0]).isEqualTo((byte) 0x20);
    return raw;
  }
}
