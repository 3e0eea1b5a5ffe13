package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.heimdall.plugin.auth.DevOnlyAuthProvider;
import io.heimdall.sessiondict.SessionDictClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session dict server leaves: the sessions it knew are registered again by their mqtt-server,
 * so take-over still kicks every older connection.
 */
class SessionDictFailoverTest {
  @TempDir
  static Path dataDir;
  private static TestBroker nodeA;
  private static TestBroker nodeB;

  @BeforeAll
  static void start() throws Exception {
    String env = "mqtt-failover-" + UUID.randomUUID();
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
  void sessionsAreRegisteredAgainWhenTheirSessionDictServerLeaves() throws Exception {
    int n = 10;
    List<AtomicReference<Throwable>> causes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      AtomicReference<Throwable> cause = new AtomicReference<>();
      causes.add(cause);
      MqttClient.builder().useMqttVersion5().identifier("f" + i).serverHost("127.0.0.1").serverPort(nodeA.port)
        .addDisconnectedListener(c -> cause.set(c.getCause())).buildBlocking().connect();
    }
    // Node A's MQTT server must have seen both session dict servers before one leaves.
    Await.until(() -> nodeA.mqtt.registrar().known().size() == 2, 30, "both session dict servers seen");
    nodeB.vertx.undeploy(nodeB.sessionDictDeployment).await(30, TimeUnit.SECONDS);

    SessionDictClient registry = new SessionDictClient(nodeA.vertx);
    Await.until(() -> {
      for (int i = 0; i < n; i++) {
        if (registry.get(DevOnlyAuthProvider.DEFAULT_TENANT, "f" + i).await(10, TimeUnit.SECONDS).isEmpty()) {
          return false;
        }
      }
      return true;
    }, 60, "every session registered with the remaining server");

    List<Mqtt5BlockingClient> newer = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("f" + i)
        .serverHost("127.0.0.1").serverPort(nodeB.port).buildBlocking();
      c.connect();
      newer.add(c);
    }
    Await.until(() -> causes.stream().allMatch(c -> c.get() != null), 30, "every older connection kicked");
    assertThat(causes).allSatisfy(c -> assertThat(c.get()).isInstanceOfSatisfying(Mqtt5DisconnectException.class,
      e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER)));
    newer.forEach(Mqtt5BlockingClient::disconnect);
  }
}
