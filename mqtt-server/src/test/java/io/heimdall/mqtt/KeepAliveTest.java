package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's own keep-alive timer: silent clients are expired at 1.5 x keep alive, pinging ones stay. */
class KeepAliveTest {
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
  void silentMqtt5ClientGetsDisconnect0x8DWhilePingingClientStays() throws Exception {
    Mqtt5BlockingClient pinging = MqttClient.builder().useMqttVersion5().identifier("pinger")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    pinging.connectWith().keepAlive(1).send();
    try (RawMqttClient silent = new RawMqttClient(broker.port)) {
      long start = System.nanoTime();
      silent.send(RawMqttClient.connect(5, "silent5", 1));
      byte[] connack = silent.readPacket();
      assertThat(connack[0]).isEqualTo((byte) 0x20);
      byte[] disconnect = silent.readPacket();
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(disconnect).isNotNull();
      assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
      assertThat(disconnect[1] & 0xFF).isEqualTo(0x8D);
      assertThat(elapsedMillis).isBetween(1_000L, 5_000L);
      assertThat(silent.closedByBroker()).isTrue();
    }
    // The pinging client outlived the silent one's 1.5 s deadline.
    assertThat(pinging.getState().isConnected()).isTrue();
    pinging.disconnect();
  }

  @Test
  void silentMqtt311ClientIsClosed() throws Exception {
    try (RawMqttClient silent = new RawMqttClient(broker.port)) {
      long start = System.nanoTime();
      silent.send(RawMqttClient.connect(4, "silent311", 1));
      assertThat(silent.readPacket()[0]).isEqualTo((byte) 0x20);
      assertThat(silent.closedByBroker()).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_000L, 5_000L);
    }
  }
}
