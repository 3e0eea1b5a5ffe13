package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TCP, WebSocket (on its path only), TLS and WSS listeners from mqttServiceConfig.server, with real clients. */
class ListenersTest {
  private static TestBroker broker;
  private static List<Integer> ports;

  @BeforeAll
  static void start() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    JsonObject ssl = new JsonObject().put("certFile", cert.certificatePath()).put("keyFile", cert.privateKeyPath());
    broker = TestBroker.start(new JsonObject()
      .put("wsListener", listener().put("wsPath", "/mqtt"))
      .put("tlsListener", listener().put("sslConfig", ssl))
      .put("wssListener", listener().put("wsPath", "/mqtt").put("sslConfig", ssl)));
    ports = broker.mqtt.actualPorts();
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
  }

  @Test
  void everyListenerServesMqtt() {
    assertThat(ports).hasSize(4);
    Mqtt5BlockingClient ws = MqttClient.builder().useMqttVersion5().identifier("ws")
      .serverHost("127.0.0.1").serverPort(ports.get(1))
      .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
    assertThat(ws.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    ws.disconnect();

    Mqtt3BlockingClient tls = MqttClient.builder().useMqttVersion3().identifier("tls")
      .serverHost("127.0.0.1").serverPort(ports.get(2))
      .sslConfig().trustManagerFactory(InsecureTrustManagerFactory.INSTANCE).hostnameVerifier((h, s) -> true)
      .applySslConfig().buildBlocking();
    tls.connect();
    assertThat(tls.getState().isConnected()).isTrue();
    tls.disconnect();

    Mqtt5BlockingClient wss = MqttClient.builder().useMqttVersion5().identifier("wss")
      .serverHost("127.0.0.1").serverPort(ports.get(3))
      .sslConfig().trustManagerFactory(InsecureTrustManagerFactory.INSTANCE).hostnameVerifier((h, s) -> true)
      .applySslConfig().webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
    assertThat(wss.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    wss.disconnect();
  }

  @Test
  void webSocketOnAnotherPathIsRefused() {
    Mqtt5BlockingClient wrongPath = MqttClient.builder().useMqttVersion5().identifier("ws-wrong")
      .serverHost("127.0.0.1").serverPort(ports.get(1))
      .webSocketConfig().serverPath("elsewhere").handshakeTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
      .applyWebSocketConfig().buildBlocking();
    assertThatThrownBy(wrongPath::connect).isNotNull();
  }

  @Test
  void tlsListenerWithoutCertificateIsAConfigError() {
    assertThatThrownBy(() -> ListenerOptions.enabled(new JsonObject().put("tlsListener", listener()), 1024))
      .hasMessageContaining("mqttServiceConfig.server.tlsListener.sslConfig");
  }

  private static JsonObject listener() {
    return new JsonObject().put("enable", true).put("host", "127.0.0.1").put("port", 0);
  }
}
