package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.heimdall.common.settings.Setting;
import io.heimdall.retain.client.RetainClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retained messages through mqtt-server and the retain service: set, clear, retain handling 0/1/2, retain-as-published,
 * QoS downgrade, none for shared subscriptions, expiry, retained wills, the tenant's retained topic limit.
 */
class RetainTest {
  @TempDir
  static Path dataDir;
  private static TestBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.startWithRetain(new JsonObject(), dataDir);
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
  }

  @Test
  void retainedMessageReachesLaterSubscribersWithTheRetainFlagAndLiveOnesWithout() throws Exception {
    Mqtt3BlockingClient live = v3("live");
    try (var liveIn = live.publishes(MqttGlobalPublishFilter.ALL)) {
      live.subscribeWith().topicFilter("r1/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt3BlockingClient pub = v3("r1-pub");
      pub.publishWith().topic("r1/state").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("on")).send();
      pub.disconnect();
      Mqtt3Publish liveCopy = liveIn.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(liveCopy.isRetain()).isFalse();

      Mqtt3BlockingClient late = v3("late");
      try (var lateIn = late.publishes(MqttGlobalPublishFilter.ALL)) {
        late.subscribeWith().topicFilter("r1/+").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt3Publish kept = lateIn.receive(30, TimeUnit.SECONDS).orElseThrow();
        assertThat(kept.getTopic().toString()).isEqualTo("r1/state");
        assertThat(kept.isRetain()).isTrue();
        assertThat(new String(kept.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("on");
      }
      late.disconnect();
    }
    live.disconnect();
  }

  @Test
  void anEmptyRetainedPayloadClearsTheTopic() throws Exception {
    Mqtt5BlockingClient pub = v5("r2-pub");
    pub.publishWith().topic("r2/x").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("first")).send();
    pub.publishWith().topic("r2/x").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(new byte[0]).send();
    pub.publishWith().topic("r2/y").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("marker")).send();
    pub.disconnect();
    Mqtt5BlockingClient sub = v5("r2-sub");
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("r2/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5Publish only = in.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(only.getTopic().toString()).isEqualTo("r2/y");
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
    sub.disconnect();
  }

  @Test
  void retainHandlingAndRetainAsPublished() throws Exception {
    Mqtt5BlockingClient pub = v5("r3-pub");
    pub.publishWith().topic("r3/x").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("kept")).send();
    Mqtt5BlockingClient sub = v5("r3-sub");
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      // 2: never send retained messages.
      sub.subscribeWith().topicFilter("r3/+").retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
      // 1: only for a new subscription; the second subscribe to the same filter gets none.
      sub.subscribeWith().topicFilter("r3/#").retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
        .qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5Publish first = in.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(first.getTopic().toString()).isEqualTo("r3/x");
      assertThat(first.isRetain()).isTrue();
      sub.subscribeWith().topicFilter("r3/#").retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
        .qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(true).send();
      // A live retained publish keeps its flag for the retain-as-published subscription.
      pub.publishWith().topic("r3/x").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("again")).send();
      Mqtt5Publish live = in.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(new String(live.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("again");
      assertThat(live.isRetain()).isTrue();
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
    pub.disconnect();
    sub.disconnect();
  }

  @Test
  void retainedMessagesAreDowngradedToTheSubscriptionAndSentAgainOnResubscribeWithHandlingZero() throws Exception {
    Mqtt5BlockingClient pub = v5("r4-pub");
    pub.publishWith().topic("r4/x").qos(MqttQos.EXACTLY_ONCE).retain(true).payload(utf8("x")).send();
    pub.disconnect();
    Mqtt3BlockingClient sub3 = v3("r4-sub3");
    Mqtt5BlockingClient sub5 = v5("r4-sub5");
    try (var in3 = sub3.publishes(MqttGlobalPublishFilter.ALL); var in5 = sub5.publishes(MqttGlobalPublishFilter.ALL)) {
      sub3.subscribeWith().topicFilter("r4/+").qos(MqttQos.AT_MOST_ONCE).send();
      Mqtt3Publish got3 = in3.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(got3.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
      assertThat(got3.isRetain()).isTrue();
      sub5.subscribeWith().topicFilter("r4/#").qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(in5.receive(30, TimeUnit.SECONDS).orElseThrow().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
      // Retain handling 0 sends them again for a subscription that already exists.
      sub5.subscribeWith().topicFilter("r4/#").qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.SEND).send();
      Mqtt5Publish again = in5.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(again.getTopic().toString()).isEqualTo("r4/x");
      assertThat(again.isRetain()).isTrue();
    }
    sub3.disconnect();
    sub5.disconnect();
  }

  @Test
  void mqtt5ForwardingClearsTheRetainFlagWithoutRetainAsPublishedAndRetainIsAvailable() throws Exception {
    Mqtt5BlockingClient plain = MqttClient.builder().useMqttVersion5().identifier("r5-plain")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    assertThat(plain.connect().getRestrictions().isRetainAvailable()).isTrue();
    try (var in = plain.publishes(MqttGlobalPublishFilter.ALL)) {
      plain.subscribeWith().topicFilter("r5/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = v5("r5-pub");
      pub.publishWith().topic("r5/x").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("x")).send();
      pub.disconnect();
      Mqtt5Publish live = in.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(live.getTopic().toString()).isEqualTo("r5/x");
      assertThat(live.isRetain()).isFalse();
    }
    plain.disconnect();
  }

  @Test
  void sharedSubscriptionsGetNoRetainedMessages() throws Exception {
    Mqtt5BlockingClient pub = v5("r6-pub");
    pub.publishWith().topic("r6/x").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("x")).send();
    pub.publishWith().topic("r6m/x").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("m")).send();
    pub.disconnect();
    Mqtt5BlockingClient sub = v5("r6-sub");
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("$share/g/r6/#").qos(MqttQos.AT_LEAST_ONCE).send();
      sub.subscribeWith().topicFilter("r6m/#").qos(MqttQos.AT_LEAST_ONCE).send();
      // The shared subscription came first; had it been sent r6/x, that would arrive before the marker.
      assertThat(in.receive(30, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("r6m/x");
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
    sub.disconnect();
  }

  @Test
  void expiredRetainedMessagesAreNotDeliveredAndTheRestOfTheIntervalIsHandedOn() throws Exception {
    Mqtt5BlockingClient pub = v5("r7-pub");
    long sent = System.currentTimeMillis();
    pub.publishWith().topic("r7/short").qos(MqttQos.AT_LEAST_ONCE).retain(true).messageExpiryInterval(1)
      .payload(utf8("s")).send();
    pub.publishWith().topic("r7/long").qos(MqttQos.AT_LEAST_ONCE).retain(true).messageExpiryInterval(600)
      .payload(utf8("l")).send();
    pub.disconnect();
    // Waiting on the clock itself: the short interval has passed once this returns.
    Await.until(() -> System.currentTimeMillis() > sent + 1_500, 10, "expiry interval passed");
    Mqtt5BlockingClient sub = v5("r7-sub");
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("r7/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5Publish got = in.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(got.getTopic().toString()).isEqualTo("r7/long");
      assertThat(got.getMessageExpiryInterval().orElseThrow()).isBetween(540L, 600L);
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
    sub.disconnect();
  }

  @Test
  void retainedWillsOfMqtt311AndMqtt5AreKeptForLaterSubscribers() throws Exception {
    Mqtt5BlockingClient dying5 = MqttClient.builder().useMqttVersion5().identifier("r8-will5")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    dying5.connectWith().willPublish().topic("r8/5").qos(MqttQos.AT_LEAST_ONCE).retain(true)
      .payload(utf8("gone5")).applyWillPublish().send();
    dying5.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
    try (RawMqttClient dying3 = new RawMqttClient(broker.port)) {
      byte[] connect = RawMqttClient.connect(4, "r8-will3", 60, null, "r8/3", utf8("gone3"), null);
      assertThat(connect[1] & 0x80).isZero();
      // The will retain flag: after the fixed header (2 bytes), "MQTT" (6) and the level (1) come the flags.
      connect[9] |= 0x20;
      dying3.send(connect);
      assertThat(dying3.readPacket()[0]).isEqualTo((byte) 0x20);
    }
    // Wills go out when the server notices the close: wait until both are kept, then subscribe once.
    RetainClient retain = new RetainClient(broker.vertx);
    Await.until(() -> retain.match("DevOnly", "r8/+", 10).await(15, TimeUnit.SECONDS).size() == 2, 60,
      "both retained wills kept");
    Mqtt3BlockingClient sub = v3("r8-sub");
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("r8/+").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt3Publish first = in.receive(30, TimeUnit.SECONDS).orElseThrow();
      Mqtt3Publish second = in.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(first.getTopic().toString()).isEqualTo("r8/3");
      assertThat(new String(first.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone3");
      assertThat(first.isRetain()).isTrue();
      assertThat(second.getTopic().toString()).isEqualTo("r8/5");
    }
    sub.disconnect();
  }

  @Test
  void theTenantsRetainedTopicLimitAnswersQuotaExceeded() throws Exception {
    Mqtt5BlockingClient pub = MqttClient.builder().useMqttVersion5().identifier("r9-pub")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    pub.connectWith().simpleAuth().username("r9tenant/u").password(utf8("x")).applySimpleAuth().send();
    int limit = (Integer) Setting.RetainedTopicLimit.initialValue();
    for (int i = 0; i < limit; i++) {
      pub.publishWith().topic("r9/" + i).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("v")).send();
    }
    assertThatThrownBy(() -> pub.publishWith().topic("r9/over").qos(MqttQos.AT_LEAST_ONCE).retain(true)
      .payload(utf8("v")).send())
      .isInstanceOfSatisfying(Mqtt5PubAckException.class, e ->
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED));
    // Replacing a kept topic is still allowed, and clearing one makes room.
    pub.publishWith().topic("r9/0").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("w")).send();
    pub.publishWith().topic("r9/1").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(new byte[0]).send();
    pub.publishWith().topic("r9/over").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("v")).send();
    pub.disconnect();
  }

  private static Mqtt5BlockingClient v5(String id) {
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    c.connect();
    return c;
  }

  private static Mqtt3BlockingClient v3(String id) {
    Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3().identifier(id)
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    c.connect();
    return c;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
