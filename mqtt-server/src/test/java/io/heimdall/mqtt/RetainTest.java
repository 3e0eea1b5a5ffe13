package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Retained messages through mqtt-server and the retain service: set, clear, retain handling, retain-as-published. */
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
