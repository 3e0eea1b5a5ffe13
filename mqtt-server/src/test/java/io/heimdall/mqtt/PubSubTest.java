package io.heimdall.mqtt;

import io.heimdall.dist.client.DistClient;
import io.heimdall.kv.landscape.Landscape;
import io.heimdall.kv.client.KVStoreClientOptions;
import io.heimdall.kv.client.KVStoreClient;
import io.heimdall.dist.worker.RouteKeys;
import io.heimdall.dist.worker.Route;
import io.heimdall.dist.worker.DistWorkerWire;
import io.heimdall.dist.worker.DistWorkerVerticle;
import io.heimdall.common.cluster.Underlay;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publish and subscribe through the whole path (mqtt-server, dist.server, the dist.worker
 * coprocessor in a real store, mqtt.broker delivery, local fan-out) with real HiveMQ clients.
 */
class PubSubTest {
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

  @Test
  void qos012AcrossProtocolVersionsWithDowngradeToTheSubscription() throws Exception {
    Mqtt5BlockingClient sub5 = v5("sub5");
    Mqtt3BlockingClient sub3 = v3("sub3");
    try (Mqtt5BlockingClient.Mqtt5Publishes in5 = sub5.publishes(MqttGlobalPublishFilter.ALL);
         Mqtt3BlockingClient.Mqtt3Publishes in3 = sub3.publishes(MqttGlobalPublishFilter.ALL)) {
      sub5.subscribeWith().topicFilter("q/+").qos(MqttQos.EXACTLY_ONCE).send();
      sub3.subscribeWith().topicFilter("q/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt3BlockingClient pub3 = v3("pub3");
      Mqtt5BlockingClient pub5 = v5("pub5");
      pub3.publishWith().topic("q/0").qos(MqttQos.AT_MOST_ONCE).payload(utf8("zero")).send();
      pub5.publishWith().topic("q/1").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("one")).send();
      pub3.publishWith().topic("q/2").qos(MqttQos.EXACTLY_ONCE).payload(utf8("two")).send();

      List<Mqtt5Publish> got5 = receive(in5, 3);
      assertThat(got5).extracting(p -> p.getTopic().toString()).containsExactly("q/0", "q/1", "q/2");
      assertThat(got5).extracting(Mqtt5Publish::getQos)
        .containsExactly(MqttQos.AT_MOST_ONCE, MqttQos.AT_LEAST_ONCE, MqttQos.EXACTLY_ONCE);
      assertThat(new String(got5.get(2).getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("two");

      List<Mqtt3Publish> got3 = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        got3.add(in3.receive(30, TimeUnit.SECONDS).orElseThrow());
      }
      // The QoS 1 subscription caps the QoS 2 message at QoS 1.
      assertThat(got3).extracting(Mqtt3Publish::getQos)
        .containsExactly(MqttQos.AT_MOST_ONCE, MqttQos.AT_LEAST_ONCE, MqttQos.AT_LEAST_ONCE);
      pub3.disconnect();
      pub5.disconnect();
    }
    sub5.disconnect();
    sub3.disconnect();
  }

  @Test
  void wildcardsAndDollarTopics() throws Exception {
    Mqtt5BlockingClient all = v5("all");
    Mqtt5BlockingClient plus = v5("plus");
    Mqtt5BlockingClient sys = v5("sys");
    try (var inAll = all.publishes(MqttGlobalPublishFilter.ALL);
         var inPlus = plus.publishes(MqttGlobalPublishFilter.ALL);
         var inSys = sys.publishes(MqttGlobalPublishFilter.ALL)) {
      all.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
      plus.subscribeWith().topicFilter("w/+/c").qos(MqttQos.AT_LEAST_ONCE).send();
      sys.subscribeWith().topicFilter("$SYS/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = v5("wpub");
      pub.publishWith().topic("$SYS/load").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("s")).send();
      pub.publishWith().topic("w/b/c").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("x")).send();
      pub.publishWith().topic("w/b/c/d").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("y")).send();
      pub.disconnect();

      assertThat(receive(inSys, 1).get(0).getTopic().toString()).isEqualTo("$SYS/load");
      assertThat(receive(inPlus, 1).get(0).getTopic().toString()).isEqualTo("w/b/c");
      // '#' never sees the $SYS topic: its first two messages are the w/ ones.
      assertThat(receive(inAll, 2)).extracting(p -> p.getTopic().toString()).containsExactly("w/b/c", "w/b/c/d");
      assertThat(inPlus.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
    }
    all.disconnect();
    plus.disconnect();
    sys.disconnect();
  }

  @Test
  void overlappingSubscriptionsGiveOneCopyAtTheHighestQos() throws Exception {
    Mqtt3BlockingClient sub = v3("overlap3");
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("o/#").qos(MqttQos.AT_MOST_ONCE).send();
      sub.subscribeWith().topicFilter("o/+").qos(MqttQos.EXACTLY_ONCE).send();
      Mqtt5BlockingClient pub = v5("opub");
      pub.publishWith().topic("o/x").qos(MqttQos.EXACTLY_ONCE).payload(utf8("1")).send();
      pub.publishWith().topic("o/marker/end").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("2")).send();
      pub.disconnect();
      Mqtt3Publish first = in.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(first.getTopic().toString()).isEqualTo("o/x");
      assertThat(first.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
      // The next message is the marker, so o/x came exactly once.
      assertThat(in.receive(30, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("o/marker/end");
    }
    sub.disconnect();
  }

  @Test
  void noLocalAndPubAckReasonCodes() throws Exception {
    Mqtt5BlockingClient self = v5("nolocal");
    Mqtt5BlockingClient other = v5("other");
    try (var in = self.publishes(MqttGlobalPublishFilter.ALL)) {
      self.subscribeWith().topicFilter("nl/#").noLocal(true).qos(MqttQos.AT_LEAST_ONCE).send();
      var ownAck = self.publishWith().topic("nl/own").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("own")).send();
      other.publishWith().topic("nl/other").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("theirs")).send();
      assertThat(receive(in, 1).get(0).getTopic().toString()).isEqualTo("nl/other");
      // The own message matched a route (our node's), so it was handed on; no-local is applied at delivery.
      assertThat(ownAck.getPublish().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
    }
    var noMatch = other.publishWith().topic("nobody/here").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("x")).send();
    assertThat(((com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result) noMatch)
      .getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
    self.disconnect();
    other.disconnect();
  }

  @Test
  void sharedSubscriptionDeliversEachMessageToOneMember() throws Exception {
    Mqtt5BlockingClient a = v5("shareA");
    Mqtt3BlockingClient b = v3("shareB");
    try (var inA = a.publishes(MqttGlobalPublishFilter.ALL); var inB = b.publishes(MqttGlobalPublishFilter.ALL)) {
      a.subscribeWith().topicFilter("$share/g/sh/+").qos(MqttQos.AT_LEAST_ONCE).send();
      b.subscribeWith().topicFilter("$share/g/sh/+").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = v5("shpub");
      int n = 40;
      for (int i = 0; i < n; i++) {
        pub.publishWith().topic("sh/t").qos(MqttQos.AT_LEAST_ONCE).payload(utf8(Integer.toString(i))).send();
      }
      pub.disconnect();
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int fromA = 0;
      while (seen.size() < n && System.nanoTime() < deadline) {
        Optional<Mqtt5Publish> ma = inA.receive(20, TimeUnit.MILLISECONDS);
        ma.ifPresent(p -> seen.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        fromA += ma.isPresent() ? 1 : 0;
        inB.receive(20, TimeUnit.MILLISECONDS).ifPresent(p -> seen.add(new String(p.getPayloadAsBytes(),
          StandardCharsets.UTF_8)));
      }
      assertThat(seen).hasSize(n).doesNotHaveDuplicates();
      assertThat(fromA).isBetween(1, n - 1);
    }
    a.disconnect();
    b.disconnect();
  }

  @Test
  void tenantsNeverSeeEachOthersMessages() throws Exception {
    Mqtt5BlockingClient subA = tenantClient("tenantA/u", "ta-sub");
    try (var in = subA.publishes(MqttGlobalPublishFilter.ALL)) {
      subA.subscribeWith().topicFilter("shared/topic").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pubB = tenantClient("tenantB/u", "tb-pub");
      pubB.publishWith().topic("shared/topic").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("from B")).send();
      pubB.disconnect();
      Mqtt5BlockingClient pubA = tenantClient("tenantA/other", "ta-pub");
      pubA.publishWith().topic("shared/topic").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("from A")).send();
      pubA.disconnect();
      // Same-tenant messages arrive; the other tenant's message, published first, never does.
      assertThat(new String(in.receive(30, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes(), StandardCharsets.UTF_8))
        .isEqualTo("from A");
    }
    subA.disconnect();
  }

  private static Mqtt5BlockingClient tenantClient(String username, String id) {
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    // vertx-mqtt drops a user name sent without a password, so the tenant needs one.
    c.connectWith().simpleAuth().username(username).password(utf8("any")).applySimpleAuth().send();
    return c;
  }

  @Test
  void subscribersOfOneFilterOnANodeShareOneRoute() throws Exception {
    List<Mqtt5BlockingClient> subs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Mqtt5BlockingClient c = v5("agg" + i);
      c.subscribeWith().topicFilter("agg/+").qos(MqttQos.AT_LEAST_ONCE).send();
      subs.add(c);
    }
    List<Route> routes = routesMatching("agg/x");
    assertThat(routes).hasSize(1);
    assertThat(routes.get(0).rawFilter()).isEqualTo("agg/+");
    assertThat(routes.get(0).receiverServerId()).isEqualTo(broker.mqtt.serverId());
    for (Mqtt5BlockingClient c : subs) {
      c.disconnect();
    }
    // The last local subscriber leaving removes the route.
    Await.until(() -> routesMatching("agg/x").isEmpty(), 30, "route removed");
  }

  @Test
  void routesOfANodeThatNoLongerAnswersAreRemovedOnDelivery() throws Exception {
    DistClient dist = new DistClient(broker.vertx);
    broker.vertx.runOnContext(v -> dist.addRoute(DEV_TENANT, "ghost/#", "no-such-node"));
    Await.until(() -> routesMatching("ghost/x").size() == 1, 30, "ghost route added");
    Mqtt5BlockingClient pub = v5("ghost-pub");
    pub.publishWith().topic("ghost/x").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("boo")).send();
    pub.disconnect();
    Await.until(() -> routesMatching("ghost/x").isEmpty(), 30, "dead route removed");
  }

  private static final String DEV_TENANT = "DevOnly";

  /** Reads the routes matching a topic straight from the dist.worker store. */
  private static List<Route> routesMatching(String topic) throws Exception {
    Landscape landscape = new Landscape(Underlay.hazelcast(broker.vertx), DistWorkerVerticle.STORE_NAME).start();
    try (KVStoreClient kv = new KVStoreClient(broker.vertx, landscape, KVStoreClientOptions.defaults())) {
      byte[] out = kv.queryCoProc(RouteKeys.tenantSpan(DEV_TENANT).start(),
        DistWorkerWire.match(DEV_TENANT, List.of(topic))).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
      return DistWorkerWire.readMatchResult(DEV_TENANT, out).get(0).routes();
    } finally {
      landscape.stop();
    }
  }

  static List<Mqtt5Publish> receive(Mqtt5BlockingClient.Mqtt5Publishes publishes, int n) throws InterruptedException {
    List<Mqtt5Publish> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(publishes.receive(30, TimeUnit.SECONDS)
        .orElseThrow(() -> new AssertionError("message " + out.size() + " not received")));
    }
    return out;
  }

  static Mqtt5BlockingClient v5(String id) {
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    c.connect();
    return c;
  }

  static Mqtt3BlockingClient v3(String id) {
    Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3().identifier(id)
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    c.connect();
    return c;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
