package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's key case: 1,000 QoS 1 messages queued for an offline persistent session are all delivered, in order,
 * after the whole node (MQTT server, dist, inbox service and all stores) stopped and started again on its data.
 */
class PersistentRestartTest {
  private static final Logger LOG = LoggerFactory.getLogger(PersistentRestartTest.class);
  private static final int COUNT = 1_000;

  @TempDir
  Path dataDir;
  private TestBroker broker;

  @AfterEach
  void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void queuedQoS1MessagesSurviveANodeRestart() throws Exception {
    broker = TestBroker.startWithInbox(new JsonObject(), dataDir);
    Mqtt5BlockingClient sub = client("offline-sub", broker.port);
    assertThat(sub.connectWith().sessionExpiryInterval(3_600).send().isSessionPresent()).isFalse();
    sub.subscribeWith().topicFilter("restart/#").qos(MqttQos.AT_LEAST_ONCE).send();
    sub.disconnect();

    Mqtt5AsyncClient pub = client("restart-pub", broker.port).toAsync();
    pub.connect().get(30, TimeUnit.SECONDS);
    List<CompletableFuture<?>> acks = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      acks.add(pub.publishWith().topic("restart/" + (i % 10)).qos(MqttQos.AT_LEAST_ONCE)
        .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send());
    }
    // PUBACK comes once dist has handed the message to the inbox store.
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
    pub.disconnect().get(30, TimeUnit.SECONDS);

    long stopping = System.nanoTime();
    broker.close();
    broker = TestBroker.startWithInbox(new JsonObject(), dataDir);
    LOG.info("node restarted in {} ms", (System.nanoTime() - stopping) / 1_000_000);

    Mqtt5BlockingClient back = client("offline-sub", broker.port);
    Set<String> received = new LinkedHashSet<>();
    long draining = System.nanoTime();
    try (Mqtt5BlockingClient.Mqtt5Publishes publishes = back.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(back.connectWith().cleanStart(false).sessionExpiryInterval(3_600).send().isSessionPresent()).isTrue();
      while (received.size() < COUNT) {
        Mqtt5Publish p = publishes.receive(30, TimeUnit.SECONDS).orElseThrow(() ->
          new AssertionError("only " + received.size() + " of " + COUNT + " messages arrived"));
        assertThat(received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
          .as("no duplicates").isTrue();
      }
      LOG.info("{} queued messages delivered after the restart in {} ms", COUNT,
        (System.nanoTime() - draining) / 1_000_000);
    }
    List<String> expected = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      expected.add("m" + i);
    }
    assertThat(new ArrayList<>(received)).containsExactlyElementsOf(expected);
    back.disconnect();
  }

  private static Mqtt5BlockingClient client(String id, int port) {
    return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(port)
      .buildBlocking();
  }
}
