package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on two Hazelcast members: node A hosts the dist.worker store, node B reaches it
 * remotely. Messages cross nodes through mqtt.broker, take-over crosses nodes through the session
 * dict, and a shared group spread over both nodes gets each message once.
 */
class ClusterTest {
  @TempDir
  static Path dataDir;
  private static TestBroker nodeA;
  private static TestBroker nodeB;

  @BeforeAll
  static void start() throws Exception {
    String env = "mqtt-cluster-" + UUID.randomUUID();
    nodeA = TestBroker.start(new JsonObject(), dataDir, env, null);
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
  void messagesCrossNodesBothWays() throws Exception {
    Mqtt5BlockingClient subA = v5(nodeA, "subA");
    Mqtt3BlockingClient subB = v3(nodeB, "subB");
    try (var inA = subA.publishes(MqttGlobalPublishFilter.ALL); var inB = subB.publishes(MqttGlobalPublishFilter.ALL)) {
      subA.subscribeWith().topicFilter("x/+").qos(MqttQos.AT_LEAST_ONCE).send();
      subB.subscribeWith().topicFilter("x/#").qos(MqttQos.EXACTLY_ONCE).send();
      Mqtt3BlockingClient pubB = v3(nodeB, "pubB");
      Mqtt5BlockingClient pubA = v5(nodeA, "pubA");
      pubB.publishWith().topic("x/fromB").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("b")).send();
      pubA.publishWith().topic("x/fromA").qos(MqttQos.EXACTLY_ONCE).payload(utf8("a")).send();
      assertThat(List.of(topic(inA.receive(30, TimeUnit.SECONDS)), topic(inA.receive(30, TimeUnit.SECONDS))))
        .containsExactly("x/fromB", "x/fromA");
      assertThat(inB.receive(30, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("x/fromB");
      var second = inB.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(second.getTopic().toString()).isEqualTo("x/fromA");
      assertThat(second.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
      pubA.disconnect();
      pubB.disconnect();
    }
    subA.disconnect();
    subB.disconnect();
  }

  @Test
  void takeOverAcrossNodes() throws Exception {
    AtomicReference<Throwable> cause = new AtomicReference<>();
    Mqtt5BlockingClient first = MqttClient.builder().useMqttVersion5().identifier("roamer")
      .serverHost("127.0.0.1").serverPort(nodeA.port)
      .addDisconnectedListener(c -> cause.set(c.getCause())).buildBlocking();
    first.connect();
    Mqtt5BlockingClient second = v5(nodeB, "roamer");
    Await.until(() -> cause.get() != null, 30, "first connection kicked");
    assertThat(cause.get()).isInstanceOfSatisfying(Mqtt5DisconnectException.class, e ->
      assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER));
    assertThat(second.getState().isConnected()).isTrue();
    second.disconnect();
  }

  @Test
  void sharedGroupOverBothNodesGetsEachMessageOnce() throws Exception {
    Mqtt5BlockingClient memberA = v5(nodeA, "memberA");
    Mqtt5BlockingClient memberB = v5(nodeB, "memberB");
    try (var inA = memberA.publishes(MqttGlobalPublishFilter.ALL); var inB = memberB.publishes(MqttGlobalPublishFilter.ALL)) {
      memberA.subscribeWith().topicFilter("$share/grp/job/#").qos(MqttQos.AT_LEAST_ONCE).send();
      memberB.subscribeWith().topicFilter("$share/grp/job/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = v5(nodeB, "jobs");
      int n = 60;
      for (int i = 0; i < n; i++) {
        pub.publishWith().topic("job/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(utf8(Integer.toString(i))).send();
      }
      pub.disconnect();
      List<String> seen = new ArrayList<>();
      Set<String> nodesUsed = new HashSet<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (seen.size() < n && System.nanoTime() < deadline) {
        Optional<Mqtt5Publish> a = inA.receive(20, TimeUnit.MILLISECONDS);
        a.ifPresent(p -> {
          seen.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
          nodesUsed.add("A");
        });
        Optional<Mqtt5Publish> b = inB.receive(20, TimeUnit.MILLISECONDS);
        b.ifPresent(p -> {
          seen.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
          nodesUsed.add("B");
        });
      }
      assertThat(seen).hasSize(n).doesNotHaveDuplicates();
      assertThat(nodesUsed).containsExactlyInAnyOrder("A", "B");
    }
    memberA.disconnect();
    memberB.disconnect();
  }

  private static String topic(Optional<Mqtt5Publish> p) {
    return p.orElseThrow().getTopic().toString();
  }

  private static Mqtt5BlockingClient v5(TestBroker node, String id) {
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
      .serverHost("127.0.0.1").serverPort(node.port).buildBlocking();
    c.connect();
    return c;
  }

  private static Mqtt3BlockingClient v3(TestBroker node, String id) {
    Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3().identifier(id)
      .serverHost("127.0.0.1").serverPort(node.port).buildBlocking();
    c.connect();
    return c;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
