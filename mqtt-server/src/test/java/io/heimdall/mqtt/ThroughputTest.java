package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 publisher/subscriber pairs with 64-byte payloads through the whole path; every message must
 * arrive, and the rate is logged. Bounded: 400 messages per pair by default, 120 s at most.
 */
class ThroughputTest {
  private static final Logger LOG = LoggerFactory.getLogger(ThroughputTest.class);
  private static final int PAIRS = 50;
  /** Messages per pair; raise with -Dthroughput.perPair for a longer measurement. */
  private static final int PER_PAIR = Integer.getInteger("throughput.perPair", 400);
  private static final int WINDOW = 100;

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

  @ParameterizedTest
  @EnumSource(value = MqttQos.class, names = {"AT_MOST_ONCE", "AT_LEAST_ONCE"})
  void fiftyPairsDeliverEveryMessage(MqttQos qos) throws Exception {
    List<Mqtt5AsyncClient> clients = new ArrayList<>();
    AtomicInteger received = new AtomicInteger();
    List<Mqtt5AsyncClient> publishers = new ArrayList<>();
    for (int i = 0; i < PAIRS; i++) {
      Mqtt5AsyncClient sub = client("sub-" + qos + "-" + i);
      Mqtt5AsyncClient pub = client("pub-" + qos + "-" + i);
      clients.add(sub);
      clients.add(pub);
      publishers.add(pub);
      sub.subscribeWith().topicFilter("perf/" + qos + "/" + i).qos(qos).callback(p -> received.incrementAndGet())
        .send().get(30, TimeUnit.SECONDS);
    }
    byte[] payload = new byte[64];
    long start = System.nanoTime();
    // Closed loop: every publisher keeps at most WINDOW messages unsent or unacknowledged.
    for (int sent = 0; sent < PER_PAIR; sent += WINDOW) {
      List<CompletableFuture<?>> sends = new ArrayList<>();
      for (int m = sent; m < Math.min(PER_PAIR, sent + WINDOW); m++) {
        for (int i = 0; i < PAIRS; i++) {
          sends.add(publishers.get(i).publishWith().topic("perf/" + qos + "/" + i).qos(qos).payload(payload).send());
        }
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }
    int expected = PAIRS * PER_PAIR;
    Await.until(() -> received.get() >= expected, 120, "all " + expected + " messages received (got " + received.get() + ")");
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info("throughput {} : {} messages in {} s = {} msg/s", qos, expected, String.format("%.2f", seconds),
      String.format("%.0f", expected / seconds));
    assertThat(received.get()).isEqualTo(expected);
    for (Mqtt5AsyncClient c : clients) {
      c.disconnect().get(30, TimeUnit.SECONDS);
    }
  }

  private static Mqtt5AsyncClient client(String id) throws Exception {
    Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier(id)
      .serverHost("127.0.0.1").serverPort(broker.port).buildAsync();
    c.connect().get(30, TimeUnit.SECONDS);
    return c;
  }
}
