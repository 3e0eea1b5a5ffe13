package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 5 flow features the broker implements itself on top of vertx-mqtt, observed on the wire
 * with a raw client: topic aliases both ways, receive maximum both ways, subscription identifiers,
 * message expiry, and exactly-once reception of QoS 2.
 */
class ProtocolFlowTest {
  @TempDir
  static Path dataDir;
  private static TestBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(new JsonObject(), dataDir);
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
  }

  @Test
  void brokerAssignsTopicAliasesWhenTheClientAllowsThem() throws Exception {
    try (RawMqttClient sub = connected("alias-sub", new Mqtt5Props().int2(0x22, 5))) {
      subscribe(sub, 1, 0, "ta/#");
      Mqtt5BlockingClient pub = hive("alias-pub");
      pub.publishWith().topic("ta/x").payload(utf8("1")).send();
      pub.publishWith().topic("ta/x").payload(utf8("2")).send();
      pub.disconnect();
      ReceivedPublish first = ReceivedPublish.parse(sub.readPacket());
      ReceivedPublish second = ReceivedPublish.parse(sub.readPacket());
      assertThat(first.topic()).isEqualTo("ta/x");
      assertThat(first.topicAlias()).isEqualTo(1);
      assertThat(second.topic()).isEmpty();
      assertThat(second.topicAlias()).isEqualTo(1);
      assertThat(second.payload()).isEqualTo("2");
    }
  }

  @Test
  void inboundTopicAliasesResolveAndAnAliasAboveTheMaximumIs0x94() throws Exception {
    Mqtt5BlockingClient sub = hive("ialias-sub");
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("ia/#").send();
      try (RawMqttClient pub = connected("ialias-pub", null)) {
        pub.send(RawMqttClient.publish(5, "ia/x", 0, 0, false, new Mqtt5Props().int2(0x23, 1).encoded(), utf8("1")));
        pub.send(RawMqttClient.publish(5, "", 0, 0, false, new Mqtt5Props().int2(0x23, 1).encoded(), utf8("2")));
        for (String payload : List.of("1", "2")) {
          Mqtt5Publish p = in.receive(30, TimeUnit.SECONDS).orElseThrow();
          assertThat(p.getTopic().toString()).isEqualTo("ia/x");
          assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(payload);
        }
        pub.send(RawMqttClient.publish(5, "ia/y", 0, 0, false, new Mqtt5Props().int2(0x23, 11).encoded(), utf8("3")));
        byte[] disconnect = pub.readPacket();
        assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
        assertThat(disconnect[1] & 0xFF).isEqualTo(0x94);
      }
    }
    sub.disconnect();
  }

  @Test
  void clientReceiveMaximumLimitsInFlightDeliveries() throws Exception {
    try (RawMqttClient sub = connected("rm-sub", new Mqtt5Props().int2(0x21, 1))) {
      subscribe(sub, 1, 1, "rm/#");
      Mqtt5BlockingClient pub = hive("rm-pub");
      for (int i = 0; i < 3; i++) {
        pub.publishWith().topic("rm/x").qos(MqttQos.AT_LEAST_ONCE).payload(utf8(Integer.toString(i))).send();
      }
      pub.disconnect();
      List<String> order = new ArrayList<>();
      Set<Integer> ids = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        ReceivedPublish p = ReceivedPublish.parse(sub.readPacket());
        order.add(p.payload());
        ids.add(p.packetId());
        // Nothing else may arrive while this one is unacknowledged.
        assertThat(silentFor(sub, 300)).isTrue();
        sub.send(RawMqttClient.ack(0x40, p.packetId()));
      }
      assertThat(order).containsExactly("0", "1", "2");
      assertThat(ids).doesNotContain(0);
    }
  }

  @Test
  void brokerReceiveMaximumExceededIs0x93() throws Exception {
    try (RawMqttClient pub = connected("rm-flood", null)) {
      // QoS 2 publishes stay unacknowledged until PUBREL, so the 201st exceeds our receive maximum of 200.
      for (int id = 1; id <= 201; id++) {
        pub.send(RawMqttClient.publish(5, "flood/x", 2, id, false, null, utf8("x")));
      }
      byte[] packet;
      do {
        packet = pub.readPacket();
      } while (packet != null && packet[0] == 0x50);
      assertThat(packet).isNotNull();
      assertThat(packet[0]).isEqualTo((byte) 0xE0);
      assertThat(packet[1] & 0xFF).isEqualTo(0x93);
    }
  }

  @Test
  void overlappingSubscriptionsCarryEveryMatchingIdentifier() throws Exception {
    try (RawMqttClient sub = connected("subid", null)) {
      sub.send(RawMqttClient.subscribe5(1, 1, 7, "si/#"));
      assertThat(sub.readPacket()[0]).isEqualTo((byte) 0x90);
      sub.send(RawMqttClient.subscribe5(2, 0, 9, "si/+"));
      assertThat(sub.readPacket()[0]).isEqualTo((byte) 0x90);
      Mqtt5BlockingClient pub = hive("subid-pub");
      pub.publishWith().topic("si/x").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("x")).send();
      pub.publishWith().topic("si/x/y").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("end")).send();
      pub.disconnect();
      ReceivedPublish both = ReceivedPublish.parse(sub.readPacket());
      assertThat(both.subscriptionIds()).containsExactlyInAnyOrder(7, 9);
      assertThat(both.qos()).isEqualTo(1);
      sub.send(RawMqttClient.ack(0x40, both.packetId()));
      ReceivedPublish end = ReceivedPublish.parse(sub.readPacket());
      assertThat(end.payload()).isEqualTo("end");
      assertThat(end.subscriptionIds()).containsExactly(7);
    }
  }

  @Test
  void expiryIsReducedWhileQueuedAndExpiredMessagesAreDropped() throws Exception {
    try (RawMqttClient sub = connected("exp-sub", new Mqtt5Props().int2(0x21, 1))) {
      subscribe(sub, 1, 1, "exp/#");
      Mqtt5BlockingClient pub = hive("exp-pub");
      pub.publishWith().topic("exp/hold").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("hold")).send();
      pub.publishWith().topic("exp/short").qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(1).payload(utf8("short"))
        .send();
      pub.publishWith().topic("exp/long").qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(60).payload(utf8("long"))
        .send();
      ReceivedPublish hold = ReceivedPublish.parse(sub.readPacket());
      assertThat(hold.payload()).isEqualTo("hold");
      assertThat(hold.expiry()).isEqualTo(-1);
      // Keep the only in-flight slot busy until the 1 s message has expired in the queue.
      assertThat(silentFor(sub, 2_100)).isTrue();
      sub.send(RawMqttClient.ack(0x40, hold.packetId()));
      ReceivedPublish next = ReceivedPublish.parse(sub.readPacket());
      assertThat(next.payload()).isEqualTo("long");
      assertThat(next.expiry()).isBetween(1L, 58L);
      pub.disconnect();
    }
  }

  @Test
  void duplicateQos2PublishIsDeliveredOnce() throws Exception {
    Mqtt5BlockingClient sub = hive("q2-sub");
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("q2/#").qos(MqttQos.EXACTLY_ONCE).send();
      try (RawMqttClient pub = connected("q2-pub", null)) {
        pub.send(RawMqttClient.publish(5, "q2/x", 2, 5, false, null, utf8("once")));
        assertThat(pub.readPacket()[0]).isEqualTo((byte) 0x50);
        pub.send(RawMqttClient.publish(5, "q2/x", 2, 5, true, null, utf8("once")));
        assertThat(pub.readPacket()[0]).isEqualTo((byte) 0x50);
        pub.send(RawMqttClient.ack(0x62, 5));
        assertThat(pub.readPacket()[0]).isEqualTo((byte) 0x70);
        pub.send(RawMqttClient.publish(5, "q2/end", 1, 6, false, null, utf8("end")));
        assertThat(pub.readPacket()[0]).isEqualTo((byte) 0x40);
      }
      assertThat(new String(in.receive(30, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes(), StandardCharsets.UTF_8))
        .isEqualTo("once");
      assertThat(in.receive(30, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("q2/end");
    }
    sub.disconnect();
  }

  private static boolean silentFor(RawMqttClient client, long millis) throws Exception {
    try {
      client.setReadTimeout((int) millis);
      byte[] packet = client.readPacket();
      return packet == null;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      client.setReadTimeout(10_000);
    }
  }

  private static void subscribe(RawMqttClient client, int packetId, int qos, String filter) throws Exception {
    client.send(RawMqttClient.subscribe(5, packetId, qos, filter));
    byte[] suback = client.readPacket();
    assertThat(suback[0]).isEqualTo((byte) 0x90);
    assertThat(suback[suback.length - 1] & 0xFF).isEqualTo(qos);
  }

  private static RawMqttClient connected(String clientId, Mqtt5Props props) throws Exception {
    RawMqttClient raw = new RawMqttClient(broker.port);
    raw.send(RawMqttClient.connect(5, clientId, 60, props == null ? null : props.encoded(), null, null, null));
    byte[] connack = raw.readPacket();
    assertThat(connack[0]).isEqualTo((byte) 0x20);
    assertThat(connack[2]).isZero();
    return raw;
  }

  private static Mqtt5BlockingClient hive(String id) {
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    c.connect();
    return c;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void unknownAliasWithEmptyTopicIsAProtocolError() throws Exception {
    try (RawMqttClient pub = connected("alias-unknown", null)) {
      pub.send(RawMqttClient.publish(5, "", 0, 0, false, new Mqtt5Props().int2(0x23, 3).encoded(), utf8("x")));
      byte[] disconnect = pub.readPacket();
      assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
      assertThat(disconnect[1] & 0xFF).isEqualTo(0x82);
      assertThat(pub.closedByBroker()).isTrue();
    }
  }
}
