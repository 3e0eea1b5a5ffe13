package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.dist.client.InboxDeliverRequest;
import io.heimdall.inbox.client.InboxClient;
import io.heimdall.inbox.store.InboxStoreWire;
import io.vertx.core.buffer.Buffer;
import io.heimdall.plugin.auth.DevOnlyAuthProvider;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Persistent sessions kept in inbox.store, with HiveMQ clients: session present, subscriptions and offline
 * messages surviving a disconnect (QoS 0, 1 and 2, in order), clean start discarding the session, take-over keeping
 * it, the inbox bound, a will published by the store after its delay, and session expiry removing the inbox.
 */
class PersistentSessionTest {
  @TempDir
  static Path dataDir;
  private static TestBroker broker;

  @BeforeAll
  static void start() throws Exception {
    // Short session expiries for the expiry test; restored after the class.
    System.setProperty("MinSessionExpirySeconds", "0");
    broker = TestBroker.startWithInbox(new JsonObject(), dataDir);
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("MinSessionExpirySeconds");
    broker.close();
  }

  @Test
  void mqtt5SessionKeepsSubscriptionsAndOfflineMessagesInOrder() throws Exception {
    Mqtt5BlockingClient sub = v5("p5");
    assertThat(sub.connectWith().cleanStart(true).sessionExpiryInterval(300).send().isSessionPresent()).isFalse();
    sub.subscribeWith().topicFilter("p5/#").qos(MqttQos.EXACTLY_ONCE).send();
    sub.disconnect();

    Mqtt5BlockingClient pub = v5("p5-pub");
    pub.connect();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      MqttQos qos = MqttQos.fromCode(i % 3);
      pub.publishWith().topic("p5/" + i).qos(qos).payload(utf8("m" + i)).send();
      sent.add("m" + i);
    }
    pub.disconnect();

    try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(sub.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent()).isTrue();
      List<String> got = new ArrayList<>();
      for (int i = 0; i < sent.size(); i++) {
        Mqtt5Publish p = received.receive(30, TimeUnit.SECONDS).orElseThrow();
        got.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
        assertThat(p.getQos().getCode()).isEqualTo(Integer.parseInt(p.getTopic().toString().substring(3)) % 3);
      }
      // QoS 0 and QoS 1/2 are two queues, each in publish order.
      assertThat(got).containsExactlyInAnyOrderElementsOf(sent);
      assertThat(got.stream().filter(m -> Integer.parseInt(m.substring(1)) % 3 != 0).toList())
        .containsExactly("m1", "m2", "m4", "m5", "m7", "m8", "m10", "m11");
      // The subscription survived the disconnect: a message published now arrives online.
      v5publish("p5/online", "now");
      assertThat(received.receive(30, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).isEqualTo(utf8("now"));
      sub.disconnect();
    }

    // Clean start discards the session: no subscription, nothing queued.
    v5publish("p5/x", "while away");
    Mqtt5BlockingClient fresh = v5("p5");
    try (Mqtt5BlockingClient.Mqtt5Publishes received = fresh.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(fresh.connectWith().cleanStart(true).sessionExpiryInterval(300).send().isSessionPresent()).isFalse();
      v5publish("p5/y", "after clean start");
      assertThat(received.receive(2, TimeUnit.SECONDS)).isEmpty();
      fresh.disconnect();
    }
  }

  @Test
  void mqtt311CleanSessionZeroKeepsTheSession() throws Exception {
    Mqtt3BlockingClient sub = v3("p3");
    assertThat(sub.connectWith().cleanSession(false).send().isSessionPresent()).isFalse();
    sub.subscribeWith().topicFilter("p3/+").qos(MqttQos.AT_LEAST_ONCE).send();
    sub.disconnect();
    for (int i = 0; i < 5; i++) {
      v5publish("p3/" + i, "m" + i);
    }
    try (Mqtt3BlockingClient.Mqtt3Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(sub.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Mqtt3Publish p = received.receive(30, TimeUnit.SECONDS).orElseThrow();
        got.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
      }
      assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");
      sub.disconnect();
    }
    // cleanSession=1 ends it.
    assertThat(sub.connectWith().cleanSession(true).send().isSessionPresent()).isFalse();
    sub.disconnect();
    assertThat(sub.connectWith().cleanSession(false).send().isSessionPresent()).isFalse();
    sub.disconnect();
  }

  @Test
  void disconnectWithSessionExpiryZeroEndsTheSession() {
    Mqtt5BlockingClient c = v5("ends");
    assertThat(c.connectWith().sessionExpiryInterval(300).send().isSessionPresent()).isFalse();
    c.subscribeWith().topicFilter("ends/#").qos(MqttQos.AT_LEAST_ONCE).send();
    c.disconnect();
    assertThat(c.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent()).isTrue();
    c.disconnectWith().sessionExpiryInterval(0).send();
    assertThat(c.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent()).isFalse();
    c.disconnect();
  }

  @Test
  void subscriptionsPastTheInboxLimitAreRefusedWithQuotaExceeded() {
    System.setProperty("MaxTopicFiltersPerInbox", "2");
    try {
      Mqtt5BlockingClient c = v5("limited");
      c.connectWith().sessionExpiryInterval(300).send();
      c.subscribeWith().topicFilter("l/1").send();
      c.subscribeWith().topicFilter("l/2").send();
      assertThatThrownBy(() -> c.subscribeWith().topicFilter("l/3").send())
        .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCodes())
          .containsExactly(Mqtt5SubAckReasonCode.QUOTA_EXCEEDED));
      // Subscribing again to a filter it has is no new filter.
      c.subscribeWith().topicFilter("l/2").qos(MqttQos.AT_LEAST_ONCE).send();
      c.disconnectWith().sessionExpiryInterval(0).send();
    } finally {
      System.clearProperty("MaxTopicFiltersPerInbox");
    }
  }

  @Test
  void theInboxServiceRefusesCommandsThatAreNotTheSessions() {
    // A collection or an insert may only come from the store leader and dist, never through the session API.
    Buffer gc = new BufferWriter().writeByte(InboxDeliverRequest.VERSION).writeByte(InboxClient.OP_MUTATE)
      .writeString("t").writeString("i").writeBytes(Buffer.buffer(InboxStoreWire.gc(Long.MAX_VALUE))).buffer();
    assertThatThrownBy(() -> new RpcClient(broker.vertx).call(InboxDeliverRequest.ADDRESS, gc, 15_000)
      .await(20, TimeUnit.SECONDS))
      .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(ReplyCode.ERROR));
  }

  @Test
  void queuedMessagesExpireAndTheRestKeepTheirRemainingExpiry() throws Exception {
    Mqtt5BlockingClient sub = v5("expiring");
    sub.connectWith().sessionExpiryInterval(300).send();
    sub.subscribeWith().topicFilter("exp/#").qos(MqttQos.AT_LEAST_ONCE).send();
    sub.disconnect();
    Mqtt5BlockingClient pub = v5("expiring-pub");
    pub.connect();
    pub.publishWith().topic("exp/short").qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(1).payload(utf8("s")).send();
    pub.publishWith().topic("exp/long").qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(3_600).payload(utf8("l"))
      .send();
    pub.disconnect();
    long published = System.nanoTime();
    Await.until(() -> System.nanoTime() - published > TimeUnit.MILLISECONDS.toNanos(1_200), 10, "short expiry over");
    try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
      Mqtt5Publish p = received.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getTopic().toString()).isEqualTo("exp/long");
      assertThat(p.getMessageExpiryInterval().orElseThrow()).isBetween(3_500L, 3_599L);
      assertThat(received.receive(1, TimeUnit.SECONDS)).isEmpty();
      sub.disconnectWith().sessionExpiryInterval(0).send();
    }
  }

  @Test
  void aSharedSubscriptionOfAPersistentSessionQueuesItsShare() throws Exception {
    Mqtt5BlockingClient member = v5("share-member");
    member.connectWith().sessionExpiryInterval(300).send();
    member.subscribeWith().topicFilter("$share/g/sh/#").qos(MqttQos.AT_LEAST_ONCE).send();
    member.disconnect();
    for (int i = 0; i < 5; i++) {
      v5publish("sh/" + i, "s" + i);
    }
    try (Mqtt5BlockingClient.Mqtt5Publishes received = member.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(member.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent()).isTrue();
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        got.add(new String(received.receive(30, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes(),
          StandardCharsets.UTF_8));
      }
      // The group's only member is the offline session, so it gets every message.
      assertThat(got).containsExactly("s0", "s1", "s2", "s3", "s4");
      member.disconnectWith().sessionExpiryInterval(0).send();
    }
  }

  @Test
  void takeOverKeepsTheSession() throws Exception {
    Mqtt5BlockingClient first = v5("tk");
    first.connectWith().sessionExpiryInterval(300).send();
    first.subscribeWith().topicFilter("tk/#").qos(MqttQos.AT_LEAST_ONCE).send();
    Mqtt5BlockingClient second = v5("tk");
    try (Mqtt5BlockingClient.Mqtt5Publishes received = second.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(second.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent()).isTrue();
      Await.until(() -> !first.getState().isConnected(), 30, "first connection taken over");
      v5publish("tk/1", "to the new connection");
      assertThat(received.receive(30, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes())
        .isEqualTo(utf8("to the new connection"));
      second.disconnect();
    }
  }

  @Test
  void theInboxIsBoundedAndQoS1KeepsTheOldest() throws Exception {
    System.setProperty("SessionInboxSize", "5");
    Mqtt5BlockingClient sub = v5("bounded");
    try {
      sub.connectWith().sessionExpiryInterval(300).send();
    } finally {
      System.clearProperty("SessionInboxSize");
    }
    sub.subscribeWith().topicFilter("bounded").qos(MqttQos.AT_LEAST_ONCE).send();
    sub.disconnect();
    for (int i = 0; i < 8; i++) {
      v5publish("bounded", "m" + i);
    }
    try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
      List<String> got = new ArrayList<>();
      for (Optional<Mqtt5Publish> p = received.receive(5, TimeUnit.SECONDS); p.isPresent();
           p = received.receive(2, TimeUnit.SECONDS)) {
        got.add(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
      }
      assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");
      sub.disconnect();
    }
  }

  @Test
  void willIsPublishedAfterItsDelayAndExpiryRemovesTheInbox() throws Exception {
    Mqtt5BlockingClient watcher = v5("will-watcher");
    watcher.connect();
    try (Mqtt5BlockingClient.Mqtt5Publishes wills = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
      watcher.subscribeWith().topicFilter("pwill/#").qos(MqttQos.AT_LEAST_ONCE).send();
      // Will delay 2 s, session expiry 4 s: the will comes after 2 s, the session is gone after 4 s.
      RawMqttClient dying = new RawMqttClient(broker.port);
      dying.send(RawMqttClient.connect(5, "pdying", 60, new Mqtt5Props().int4(0x11, 4).encoded(), "pwill/1",
        utf8("gone"), new Mqtt5Props().int4(0x18, 2).encoded()));
      assertThat(dying.readPacket()[0]).isEqualTo((byte) 0x20);
      dying.send(RawMqttClient.subscribe(5, 1, 1, "pexp/x"));
      assertThat(dying.readPacket()[0]).isEqualTo((byte) 0x90);
      long closedAt = System.nanoTime();
      dying.close();
      Mqtt5Publish will = wills.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(will.getTopic().toString()).isEqualTo("pwill/1");
      assertThat((System.nanoTime() - closedAt) / 1_000_000).isGreaterThanOrEqualTo(1_900);

      // Watched through the inbox service: a reconnect would itself restart the expiry.
      InboxClient inbox = new InboxClient(broker.vertx);
      Await.until(() -> !inbox.fetch(DevOnlyAuthProvider.DEFAULT_TENANT, "pdying", 0, 0, 1)
        .await(15, TimeUnit.SECONDS).exists(), 30, "expired inbox removed");
      assertThat((System.nanoTime() - closedAt) / 1_000_000).isGreaterThanOrEqualTo(3_900);
      // Its route went with it: nobody matches the topic any more.
      Mqtt5BlockingClient probe = v5("pexp-probe");
      probe.connect();
      Await.until(() -> probe.publishWith().topic("pexp/x").qos(MqttQos.AT_LEAST_ONCE).send()
        instanceof Mqtt5PublishResult.Mqtt5Qos1Result r
        && r.getPubAck().getReasonCode() == Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS,
        30, "route of the expired inbox removed");
      probe.disconnect();
      Mqtt5BlockingClient back = v5("pdying");
      assertThat(back.connectWith().cleanStart(false).sessionExpiryInterval(4).send().isSessionPresent()).isFalse();
      back.disconnect();
      watcher.disconnect();
    }
  }

  @Test
  void unacknowledgedMessagesComeBackWithDupAndPubrelIsResent() throws Exception {
    RawMqttClient raw = new RawMqttClient(broker.port);
    raw.send(RawMqttClient.connectPersistent311("dup-sub"));
    assertThat(raw.readPacket()).containsExactly(0x20, 0, 0);
    raw.send(RawMqttClient.subscribe(4, 1, 2, "dup/q2"));
    raw.send(RawMqttClient.subscribe(4, 2, 1, "dup/q1"));
    assertThat(raw.readPacket()[0]).isEqualTo((byte) 0x90);
    assertThat(raw.readPacket()[0]).isEqualTo((byte) 0x90);
    Mqtt5BlockingClient pub = v5("dup-pub");
    pub.connect();
    pub.publishWith().topic("dup/q1").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("one")).send();
    pub.publishWith().topic("dup/q2").qos(MqttQos.EXACTLY_ONCE).payload(utf8("two")).send();
    pub.publishWith().topic("dup/q2").qos(MqttQos.EXACTLY_ONCE).payload(utf8("three")).send();
    pub.disconnect();
    byte[] one = raw.readPacket();
    byte[] two = raw.readPacket();
    byte[] three = raw.readPacket();
    assertThat(one[0] & 0x08).as("first delivery has DUP 0").isZero();
    // "one" is not acknowledged, "two" gets PUBREC (the broker answers PUBREL), "three" nothing; then the line drops.
    raw.send(RawMqttClient.ack(0x50, packetId(two)));
    assertThat(raw.readPacket()).containsExactly(pubrel(packetId(two)));
    raw.close();

    RawMqttClient back = new RawMqttClient(broker.port);
    back.send(RawMqttClient.connectPersistent311("dup-sub"));
    assertThat(back.readPacket()).as("session present").containsExactly(0x20, 1, 0);
    List<byte[]> resent = List.of(back.readPacket(), back.readPacket(), back.readPacket());
    byte[] pubrel = resent.stream().filter(p -> (p[0] & 0xF0) == 0x60).findFirst().orElseThrow();
    assertThat(pubrel).containsExactly(pubrel(packetId(two)));
    List<byte[]> publishes = resent.stream().filter(p -> (p[0] & 0xF0) == 0x30).toList();
    assertThat(publishes).hasSize(2);
    for (byte[] p : publishes) {
      assertThat(p[0] & 0x08).as("redelivery has DUP 1").isEqualTo(0x08);
    }
    assertThat(publishes.stream().map(PersistentSessionTest::packetId).toList())
      .containsExactly(packetId(one), packetId(three));
    back.send(RawMqttClient.ack(0x40, packetId(one)));
    back.send(RawMqttClient.ack(0x70, packetId(two)));
    back.send(RawMqttClient.ack(0x50, packetId(three)));
    assertThat(back.readPacket()[0]).isEqualTo((byte) 0x62);
    back.send(RawMqttClient.ack(0x70, packetId(three)));
    back.close();
    // Everything was completed: a third connection gets nothing again.
    Await.until(() -> {
      try (RawMqttClient third = new RawMqttClient(broker.port)) {
        third.send(RawMqttClient.connectPersistent311("dup-sub"));
        third.readPacket();
        third.setReadTimeout(1_000);
        try {
          third.readPacket();
          return false;
        } catch (java.net.SocketTimeoutException e) {
          return true;
        }
      }
    }, 30, "no redelivery after all were completed");
  }

  /** A PUBREL as {@link RawMqttClient#readPacket} returns it: type byte and body. */
  private static byte[] pubrel(int packetId) {
    return new byte[] {0x62, (byte) (packetId >> 8), (byte) packetId};
  }

  /** The packet id of a QoS 1/2 PUBLISH as {@link RawMqttClient#readPacket} returns it (MQTT 3.1.1). */
  private static int packetId(byte[] publish) {
    int topicLength = ((publish[1] & 0xFF) << 8) | (publish[2] & 0xFF);
    int pos = 3 + topicLength;
    return ((publish[pos] & 0xFF) << 8) | (publish[pos + 1] & 0xFF);
  }

  private static Mqtt5BlockingClient v5(String id) {
    return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(broker.port)
      .buildBlocking();
  }

  private static Mqtt3BlockingClient v3(String id) {
    return MqttClient.builder().useMqttVersion3().identifier(id).serverHost("127.0.0.1").serverPort(broker.port)
      .buildBlocking();
  }

  private static void v5publish(String topic, String payload) {
    Mqtt5BlockingClient pub = v5("pub-" + System.nanoTime());
    pub.connect();
    pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(utf8(payload)).send();
    pub.disconnect();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
