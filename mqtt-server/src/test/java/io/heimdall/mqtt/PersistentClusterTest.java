package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A persistent session moving between two nodes: node A hosts the stores and the inbox service, node B reaches them
 * over the event bus. Messages queued while the session is away follow it to the other node, and a take-over across
 * nodes keeps the session, with new messages waking the node it is attached to now.
 */
class PersistentClusterTest {
  @TempDir
  static Path dataDir;
  private static TestBroker nodeA;
  private static TestBroker nodeB;

  @BeforeAll
  static void start() throws Exception {
    String env = "mqtt-persistent-" + UUID.randomUUID();
    nodeA = TestBroker.startWithInbox(new JsonObject(), dataDir, env);
    nodeB = TestBroker.start(new JsonObject(), null, env, nodeA);
  }

  @AfterAll
  static void stop() throws Exception {
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  @Test
  void theSessionFollowsItsClientAcrossNodes() throws Exception {
    Mqtt5BlockingClient onB = client(nodeB, "roamer");
    assertThat(onB.connectWith().sessionExpiryInterval(600).send().isSessionPresent()).isFalse();
    onB.subscribeWith().topicFilter("roam/#").qos(MqttQos.AT_LEAST_ONCE).send();
    onB.disconnect();

    Mqtt5BlockingClient pub = client(nodeA, "roam-pub");
    pub.connect();
    for (int i = 0; i < 20; i++) {
      pub.publishWith().topic("roam/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(utf8("m" + i)).send();
    }

    Mqtt5BlockingClient onA = client(nodeA, "roamer");
    try (Mqtt5BlockingClient.Mqtt5Publishes received = onA.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(onA.connectWith().cleanStart(false).sessionExpiryInterval(600).send().isSessionPresent()).isTrue();
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        got.add(new String(received.receive(30, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes(),
          StandardCharsets.UTF_8));
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        expected.add("m" + i);
      }
      assertThat(got).containsExactlyElementsOf(expected);
    }

    // Taken over from node B while online on node A: the session stays, new messages go to node B.
    Mqtt5BlockingClient backOnB = client(nodeB, "roamer");
    try (Mqtt5BlockingClient.Mqtt5Publishes received = backOnB.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(backOnB.connectWith().cleanStart(false).sessionExpiryInterval(600).send().isSessionPresent())
        .isTrue();
      Await.until(() -> !onA.getState().isConnected(), 30, "session on node A taken over");
      pub.publishWith().topic("roam/after").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("after take-over")).send();
      assertThat(received.receive(30, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes())
        .isEqualTo(utf8("after take-over"));
      backOnB.disconnectWith().sessionExpiryInterval(0).send();
    }
    pub.disconnect();
  }

  private static Mqtt5BlockingClient client(TestBroker node, String id) {
    return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(node.port)
      .buildBlocking();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
