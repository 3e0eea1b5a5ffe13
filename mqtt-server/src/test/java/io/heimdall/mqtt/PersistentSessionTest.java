package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.heimdall.inbox.client.InboxClient;
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
      Mqtt5BlockingClient back = v5("pdying");
      assertThat(back.connectWith().cleanStart(false).sessionExpiryInterval(4).send().isSessionPresent()).isFalse();
      back.disconnect();
      watcher.disconnect();
    }
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
