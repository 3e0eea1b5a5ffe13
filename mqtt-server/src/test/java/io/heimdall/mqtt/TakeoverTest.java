package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A newer connection with the same tenant and client id takes the session over through the session dict. */
class TakeoverTest {
  private static TestBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(new JsonObject());
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
  }

  @Test
  void mqtt5OlderSessionGetsDisconnect0x8E() throws Exception {
    AtomicReference<Throwable> firstCause = new AtomicReference<>();
    AtomicReference<MqttDisconnectSource> firstSource = new AtomicReference<>();
    Mqtt5BlockingClient first = MqttClient.builder().useMqttVersion5().identifier("dup5")
      .serverHost("127.0.0.1").serverPort(broker.port)
      .addDisconnectedListener(c -> {
        firstCause.set(c.getCause());
        firstSource.set(c.getSource());
      }).buildBlocking();
    first.connect();
    Mqtt5BlockingClient second = MqttClient.builder().useMqttVersion5().identifier("dup5")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    second.connect();

    Await.until(() -> firstCause.get() != null, 30, "first client disconnected");
    assertThat(firstSource.get()).isEqualTo(MqttDisconnectSource.SERVER);
    assertThat(firstCause.get()).isInstanceOfSatisfying(Mqtt5DisconnectException.class, e ->
      assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER));
    assertThat(second.getState().isConnected()).isTrue();

    // The same client id in another tenant is another session: it does not take this one over.
    Mqtt5BlockingClient otherTenant = MqttClient.builder().useMqttVersion5().identifier("dup5")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    otherTenant.connectWith().simpleAuth().username("tenant2/u").password("x".getBytes(StandardCharsets.UTF_8))
      .applySimpleAuth().send();
    // A kick would have been sent before CONNACK; the registry round trip is over once connect returned.
    assertThat(second.getState().isConnected()).isTrue();
    second.disconnect();
    otherTenant.disconnect();
  }

  @Test
  void mqtt311OlderSessionIsClosed() throws Exception {
    AtomicReference<MqttDisconnectSource> firstSource = new AtomicReference<>();
    Mqtt3BlockingClient first = MqttClient.builder().useMqttVersion3().identifier("dup311")
      .serverHost("127.0.0.1").serverPort(broker.port)
      .addDisconnectedListener(c -> firstSource.set(c.getSource())).buildBlocking();
    first.connect();
    Mqtt3BlockingClient second = MqttClient.builder().useMqttVersion3().identifier("dup311")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    second.connect();
    Await.until(() -> firstSource.get() != null, 30, "first client disconnected");
    assertThat(firstSource.get()).isEqualTo(MqttDisconnectSource.SERVER);
    assertThat(second.getState().isConnected()).isTrue();
    second.disconnect();
  }
}
