package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 20 publisher/subscriber pairs at QoS 1 with 64-byte payloads where every subscriber is an online persistent
 * session, so each message goes through inbox.store: dist batches of up to 2048 messages reach the inbox service,
 * which must split them into store-sized inserts. Every message must arrive; the rate is logged.
 */
class PersistentThroughputTest {
  private static final Logger LOG = LoggerFactory.getLogger(PersistentThroughputTest.class);
  private static final int PAIRS = 20;
  private static final int PER_PAIR = 200;

  @TempDir
  Path dataDir;

  @Test
  void everyMessageReachesItsOnlinePersistentSubscriber() throws Exception {
    try (TestBroker broker = TestBroker.startWithInbox(new JsonObject(), dataDir)) {
      CountDownLatch received = new CountDownLatch(PAIRS * PER_PAIR);
      List<Mqtt5AsyncClient> clients = new ArrayList<>();
      for (int i = 0; i < PAIRS; i++) {
        Mqtt5AsyncClient sub = client(broker, "tp-sub" + i);
        sub.connectWith().sessionExpiryInterval(300).send().get(30, TimeUnit.SECONDS);
        sub.subscribeWith().topicFilter("tp/" + i).qos(MqttQos.AT_LEAST_ONCE).callback(p -> received.countDown())
          .send().get(30, TimeUnit.SECONDS);
        clients.add(sub);
      }
      List<Mqtt5AsyncClient> pubs = new ArrayList<>();
      for (int i = 0; i < PAIRS; i++) {
        Mqtt5AsyncClient pub = client(broker, "tp-pub" + i);
        pub.connect().get(30, TimeUnit.SECONDS);
        pubs.add(pub);
      }
      clients.addAll(pubs);
      long start = System.nanoTime();
      List<CompletableFuture<?>> acks = new ArrayList<>();
      for (int n = 0; n < PER_PAIR; n++) {
        for (int i = 0; i < PAIRS; i++) {
          acks.add(pubs.get(i).publishWith().topic("tp/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[64]).send());
        }
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(received.await(60, TimeUnit.SECONDS)).as("all %d messages delivered, %d missing",
        PAIRS * PER_PAIR, received.getCount()).isTrue();
      long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
      LOG.info("{} QoS 1 messages to online persistent sessions in {} ms: {} msg/s", PAIRS * PER_PAIR, millis,
        PAIRS * PER_PAIR * 1000L / millis);
      for (Mqtt5AsyncClient c : clients) {
        c.disconnectWith().sessionExpiryInterval(0).send().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Mqtt5AsyncClient client(TestBroker broker, String id) {
    return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(broker.port)
      .buildAsync();
  }
}
