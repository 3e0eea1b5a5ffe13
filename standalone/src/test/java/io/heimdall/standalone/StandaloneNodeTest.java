package io.heimdall.standalone;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.heimdall.standalone.config.ConfigValidator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real node in this JVM: clustered Vert.x on Hazelcast, every role, HTTP and MQTT on loopback. */
class StandaloneNodeTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dataRoot;

  private NodeDirs dirs() {
    return new NodeDirs(dataRoot, dataRoot.resolve("plugins"));
  }

  @Test
  void anAllInOneNodeBecomesReadyAndAnswersHttpAndMqtt() throws Exception {
    int clusterPort = freePort();
    int mqttPort = freePort();
    int apiPort = freePort();
    JsonObject config = config("""
      clusterConfig: {env: node-test, port: %d}
      mqttServiceConfig: {server: {tcpListener: {port: %d}}}
      apiServerConfig: {port: %d}
      """.formatted(clusterPort, mqttPort, apiPort));

    long begin = System.currentTimeMillis();
    StandaloneNode node = StandaloneNode.start(config, dirs(), begin).await(90, TimeUnit.SECONDS);
    try {
      assertThat(node.readyLine()).startsWith(ReadyLine.PREFIX)
        .contains("mqtt://127.0.0.1:" + mqttPort, "http://127.0.0.1:" + apiPort, "127.0.0.1:" + clusterPort,
          "env node-test", "1 member");
      assertThat(node.roles()).containsExactly(Role.values());

      HttpResponse<String> cluster = get(apiPort, "/cluster");
      assertThat(cluster.statusCode()).isEqualTo(200);
      assertThat(cluster.headers().firstValue("req_id")).isPresent();
      JsonObject body = new JsonObject(cluster.body());
      assertThat(body.getString("env")).isEqualTo("node-test");
      JsonArray nodes = body.getJsonArray("nodes");
      assertThat(nodes).hasSize(1);
      JsonObject self = nodes.getJsonObject(0);
      assertThat(self.getString("id")).isEqualTo(body.getString("local"));
      assertThat(self.getString("address")).isEqualTo("127.0.0.1");
      assertThat(self.getInteger("port")).isEqualTo(clusterPort);
      assertThat(self.getLong("pid")).isEqualTo(ProcessHandle.current().pid());

      HttpResponse<String> metrics = get(apiPort, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");

      HttpResponse<String> missing = get(apiPort, "/no/such/thing");
      assertThat(missing.statusCode()).isEqualTo(404);
      String reqId = missing.headers().firstValue("req_id").orElseThrow();
      assertThat(new JsonObject(missing.body()).getMap())
        .containsEntry("req_id", reqId).containsEntry("error", "no such endpoint: GET /no/such/thing");

      Mqtt5BlockingClient mqtt5 = MqttClient.builder().useMqttVersion5().identifier("node-test-5")
        .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
      assertThat(mqtt5.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
      mqtt5.disconnect();
      var mqtt3 = MqttClient.builder().useMqttVersion3().identifier("node-test-3")
        .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
      assertThat(mqtt3.connect().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
      mqtt3.disconnect();
    } finally {
      node.stop().await(30, TimeUnit.SECONDS);
    }
    assertThatThrownBy(() -> get(apiPort, "/cluster")).isInstanceOf(ConnectException.class);
  }

  @Test
  void disabledRolesAreNotDeployedAndStoresGetTheirDataDirectories() throws Exception {
    int clusterPort = freePort();
    int mqttPort = freePort();
    JsonObject config = config("""
      clusterConfig: {env: roles-test, port: %d}
      mqttServiceConfig: {server: {enable: false, tcpListener: {port: %d}}}
      apiServerConfig: {enable: false}
      inboxServiceConfig: {server: {enable: false}, store: {enable: false}}
      retainServiceConfig: {store: {dataDir: retained}}
      """.formatted(clusterPort, mqttPort));

    StandaloneNode node = StandaloneNode.start(config, dirs(), System.currentTimeMillis()).await(90, TimeUnit.SECONDS);
    try {
      assertThat(node.roles()).containsExactly(Role.DIST_WORKER, Role.RETAIN_STORE, Role.DIST_SERVER,
        Role.RETAIN_SERVER, Role.SESSION_DICT_SERVER);
      assertThat(node.vertx().deploymentIDs()).hasSize(5);
      assertThat(node.readyLine()).doesNotContain("mqtt ", "api ");
      assertThatThrownBy(() -> new java.net.Socket(InetAddress.getLoopbackAddress(), mqttPort).close())
        .isInstanceOf(ConnectException.class);
    } finally {
      node.stop().await(30, TimeUnit.SECONDS);
    }
    assertThat(Role.RETAIN_STORE.verticleConfig(config, dirs()).getString("dataDir"))
      .isEqualTo(dataRoot.resolve("retained").toAbsolutePath().toString());
    assertThat(Role.DIST_WORKER.verticleConfig(config, dirs()).getString("dataDir"))
      .isEqualTo(dataRoot.resolve("dist.worker").toAbsolutePath().toString());
    assertThat(Role.MQTT_SERVER.verticleConfig(config.copy().put("authProviderFQN", "a.B"), dirs()).getMap())
      .containsEntry("authProviderFQN", "a.B").containsEntry("pluginDir", dataRoot.resolve("plugins").toString());
  }

  @Test
  void aRoleThatCannotStartFailsTheNodeWithItsNameAndLeavesNothingRunning() throws Exception {
    int clusterPort = freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      JsonObject config = config("""
        clusterConfig: {env: failing-test, port: %d}
        mqttServiceConfig: {server: {tcpListener: {port: %d}}}
        apiServerConfig: {enable: false}
        """.formatted(clusterPort, taken.getLocalPort()));

      assertThatThrownBy(() -> StandaloneNode.start(config, dirs(), System.currentTimeMillis()).await(90, TimeUnit.SECONDS))
        .hasMessageContaining("role mqttserver (io.heimdall.mqtt.MqttServerVerticle) failed to start");
    }
    // The cluster member was shut down with the failed node, so its port is free again.
    try (ServerSocket again = new ServerSocket(clusterPort, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(clusterPort);
    }
  }

  private static JsonObject config(String yaml) {
    ConfigValidator.Result result = ConfigValidator.validate(
      new org.yaml.snakeyaml.Yaml().load(new StringReader(yaml)));
    assertThat(result.errors()).isEmpty();
    return result.config();
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
