package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MQTT 5 message properties travel to receivers; payload format and the client's maximum packet size are honoured. */
class MessagePropertiesTest {
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
  void requestResponsePropertiesAndUserPropertiesAreForwarded() throws Exception {
    Mqtt5BlockingClient sub = client("props-sub");
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("req/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = client("props-pub");
      pub.publishWith().topic("req/1").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("héllo"))
        .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).contentType("text/plain")
        .responseTopic("resp/1").correlationData(utf8("corr"))
        .userProperties(Mqtt5UserProperties.of(Mqtt5UserProperty.of("k", "v1"), Mqtt5UserProperty.of("k", "v2")))
        .send();
      pub.disconnect();
      Mqtt5Publish got = in.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(got.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
      assertThat(got.getContentType().map(Object::toString)).contains("text/plain");
      assertThat(got.getResponseTopic().map(Object::toString)).contains("resp/1");
      assertThat(got.getCorrelationData().map(b -> StandardCharsets.UTF_8.decode(b).toString())).contains("corr");
      assertThat(got.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
        .containsExactly("k=v1", "k=v2");
    }
    sub.disconnect();
  }

  @Test
  void invalidUtf8PayloadMarkedAsUtf8Gets0x99() {
    Mqtt5BlockingClient pub = client("pfi-pub");
    assertThatThrownBy(() -> pub.publishWith().topic("pfi/x").qos(MqttQos.AT_LEAST_ONCE)
      .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).payload(new byte[] {(byte) 0xC3, 0x28}).send())
      .isInstanceOfSatisfying(Mqtt5PubAckException.class, e ->
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID));
    assertThat(pub.getState().isConnected()).isTrue();
    pub.disconnect();
  }

  @Test
  void messagesLargerThanTheClientsMaximumPacketSizeAreNotSent() throws Exception {
    try (RawMqttClient sub = new RawMqttClient(broker.port)) {
      sub.send(RawMqttClient.connect(5, "small-sub", 60, new Mqtt5Props().int4(0x27, 100).encoded(), null, null, null));
      assertThat(sub.readPacket()[0]).isEqualTo((byte) 0x20);
      sub.send(RawMqttClient.subscribe(5, 1, 0, "max/#"));
      assertThat(sub.readPacket()[0]).isEqualTo((byte) 0x90);
      Mqtt5BlockingClient pub = client("max-pub");
      pub.publishWith().topic("max/big").payload(ByteBuffer.allocate(500)).send();
      pub.publishWith().topic("max/small").payload(utf8("ok")).send();
      pub.disconnect();
      ReceivedPublish next = ReceivedPublish.parse(sub.readPacket());
      assertThat(next.topic()).isEqualTo("max/small");
    }
  }

  private static Mqtt5BlockingClient client(String id) {
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    c.connect();
    return c;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
