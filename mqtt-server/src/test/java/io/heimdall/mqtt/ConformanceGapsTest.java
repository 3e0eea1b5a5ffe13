package io.heimdall.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.settings.Setting;
import io.heimdall.plugin.auth.AuthProvider;
import io.heimdall.plugin.auth.AuthResult;
import io.heimdall.plugin.auth.Mqtt3AuthData;
import io.heimdall.plugin.auth.MqttAction;
import io.heimdall.plugin.settings.SettingProvider;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spec cases the other broker tests leave open (MQTT 3.1.1 and 5.0, HiveMQ and raw clients): ordered and
 * mixed-QoS shared groups, request problem information, refusals by the permission check, the limits CONNACK
 * advertises, the offline QoS 0 queue's drop policy, UNSUBACK codes, clean start over a stored session, 3.1.1
 * QoS 2 flows and packet ids, and PUBLISH topic validation.
 */
class ConformanceGapsTest {
  @TempDir
  static Path dataDir;
  private static TestBroker broker;

  /**
   * Tenant from "tenant/user" (else "default"); subscribing to "deny/..." and publishing to "nopub/..." are forbidden.
   * Clients naming a tenant also send a password: vertx-mqtt drops a username that comes without one.
   */
  public static final class TopicPermissions implements AuthProvider {
    @Override
    public CompletableFuture<AuthResult> auth(Mqtt3AuthData data) {
      String user = data.username().orElse("anonymous");
      int slash = user.indexOf('/');
      return CompletableFuture.completedFuture(slash > 0
        ? new AuthResult.Ok(user.substring(0, slash), user.substring(slash + 1), Map.of())
        : new AuthResult.Ok("default", user, Map.of()));
    }

    @Override
    public CompletableFuture<Boolean> checkPermission(ClientInfo client, MqttAction action) {
      boolean denied = switch (action.type()) {
        case SUB -> action.topic().startsWith("deny/");
        case PUB -> action.topic().startsWith("nopub/");
        case UNSUB -> false;
      };
      return CompletableFuture.completedFuture(!denied);
    }
  }

  /**
   * Tenant "limited" switches every optional feature off and allows topics of 20 characters; tenants "q0new" and
   * "q0old" have an inbox of 3 that drops the newest or the oldest QoS 0 message when full.
   */
  public static final class GapSettings implements SettingProvider {
    @Override
    public Object provide(Setting setting, String tenantId) {
      return switch (tenantId) {
        case "limited" -> switch (setting) {
          case MaximumQoS -> 1;
          case RetainEnabled, WildcardSubscriptionEnabled, SharedSubscriptionEnabled,
               SubscriptionIdentifierEnabled -> Boolean.FALSE;
          case ReceivingMaximum -> 7;
          case MaxTopicAlias -> 3;
          case MaxTopicLength -> 20;
          default -> null;
        };
        case "q0new", "q0old" -> switch (setting) {
          case SessionInboxSize -> 3;
          case QoS0DropOldest -> tenantId.equals("q0old");
          default -> null;
        };
        default -> null;
      };
    }
  }

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.startWithInbox(new JsonObject()
      .put("authProviderFQN", TopicPermissions.class.getName())
      .put("settingProviderFQN", GapSettings.class.getName()), dataDir);
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
  }

  @Test
  void orderedSharedGroupKeepsEachPublishersMessagesOnOneMemberInOrder() throws Exception {
    Mqtt5BlockingClient a = connected5("osA");
    Mqtt3BlockingClient b = connected3("osB");
    try (var inA = a.publishes(MqttGlobalPublishFilter.ALL); var inB = b.publishes(MqttGlobalPublishFilter.ALL)) {
      a.subscribeWith().topicFilter("$oshare/og/os/+").qos(MqttQos.AT_LEAST_ONCE).send();
      b.subscribeWith().topicFilter("$oshare/og/os/+").qos(MqttQos.AT_LEAST_ONCE).send();
      int publishers = 4;
      int perPublisher = 15;
      for (int p = 0; p < publishers; p++) {
        Mqtt5BlockingClient pub = connected5("osPub" + p);
        for (int i = 0; i < perPublisher; i++) {
          pub.publishWith().topic("os/" + (i % 3)).qos(MqttQos.AT_LEAST_ONCE).payload(utf8(p + ":" + i)).send();
        }
        pub.disconnect();
      }
      Map<String, List<String>> byMember = new HashMap<>(Map.of("A", new ArrayList<>(), "B", new ArrayList<>()));
      drain(publishers * perPublisher, () -> inA.receive(20, TimeUnit.MILLISECONDS).map(ConformanceGapsTest::text)
        .map(t -> byMember.get("A").add(t)).isPresent(), () -> inB.receive(20, TimeUnit.MILLISECONDS)
        .map(ConformanceGapsTest::text).map(t -> byMember.get("B").add(t)).isPresent());
      List<String> all = new ArrayList<>(byMember.get("A"));
      all.addAll(byMember.get("B"));
      assertThat(all).hasSize(publishers * perPublisher).doesNotHaveDuplicates();
      for (int p = 0; p < publishers; p++) {
        String prefix = p + ":";
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < perPublisher; i++) {
          expected.add(prefix + i);
        }
        List<String> atA = byMember.get("A").stream().filter(t -> t.startsWith(prefix)).toList();
        List<String> atB = byMember.get("B").stream().filter(t -> t.startsWith(prefix)).toList();
        assertThat(atA.isEmpty() ? atB : atA).as("publisher %d's messages on one member, in order", p)
          .containsExactlyElementsOf(expected);
        assertThat(atA.isEmpty() || atB.isEmpty()).as("publisher %d stuck to one member", p).isTrue();
      }
      // The publishers' ids hash to both member slots, so the group still spreads its load.
      assertThat(byMember.get("A")).isNotEmpty();
      assertThat(byMember.get("B")).isNotEmpty();
    }
    a.disconnect();
    b.disconnect();
  }

  @Test
  void sharedGroupMembersAtDifferentQosEachGetTheirOwnGrantedQos() throws Exception {
    Mqtt5BlockingClient low = connected5("shLow");
    Mqtt5BlockingClient high = connected5("shHigh");
    try (var inLow = low.publishes(MqttGlobalPublishFilter.ALL);
         var inHigh = high.publishes(MqttGlobalPublishFilter.ALL)) {
      low.subscribeWith().topicFilter("$share/mixed/mq/t").qos(MqttQos.AT_MOST_ONCE).send();
      high.subscribeWith().topicFilter("$share/mixed/mq/t").qos(MqttQos.EXACTLY_ONCE).send();
      Mqtt5BlockingClient pub = connected5("shMixedPub");
      int n = 30;
      for (int i = 0; i < n; i++) {
        pub.publishWith().topic("mq/t").qos(MqttQos.EXACTLY_ONCE).payload(utf8(Integer.toString(i))).send();
      }
      pub.disconnect();
      List<String> seen = new ArrayList<>();
      Set<MqttQos> lowQos = new HashSet<>();
      Set<MqttQos> highQos = new HashSet<>();
      drain(n, () -> inLow.receive(20, TimeUnit.MILLISECONDS).map(p -> {
        lowQos.add(p.getQos());
        return seen.add(text(p));
      }).isPresent(), () -> inHigh.receive(20, TimeUnit.MILLISECONDS).map(p -> {
        highQos.add(p.getQos());
        return seen.add(text(p));
      }).isPresent());
      assertThat(seen).hasSize(n).doesNotHaveDuplicates();
      assertThat(lowQos).containsExactly(MqttQos.AT_MOST_ONCE);
      assertThat(highQos).containsExactly(MqttQos.EXACTLY_ONCE);
    }
    low.disconnect();
    high.disconnect();
  }

  @Test
  void withoutProblemInformationRefusalsCarryNoReasonStringOrUserProperties() throws Exception {
    byte[] noProblemInfo = {2, 0x17, 0};
    try (RawMqttClient raw = new RawMqttClient(broker.port)) {
      raw.send(RawMqttClient.connect(5, "noProblems", 60, noProblemInfo, null, null, null));
      byte[] connack = raw.readPacket();
      assertThat(connack[0]).isEqualTo((byte) 0x20);
      assertThat(connack[2]).isZero();

      raw.send(RawMqttClient.subscribe(5, 1, 1, "deny/x"));
      byte[] suback = raw.readPacket();
      assertThat(suback[0]).isEqualTo((byte) 0x90);
      assertThat(suback[3]).as("SUBACK property length").isZero();
      assertThat(suback[4] & 0xFF).isEqualTo(0x87);

      raw.send(RawMqttClient.publish(5, "nopub/x", 1, 2, false, null, utf8("x")));
      byte[] puback = raw.readPacket();
      assertThat(puback[0]).isEqualTo((byte) 0x40);
      assertThat(puback[3] & 0xFF).isEqualTo(0x87);
      assertThat(puback.length == 4 || puback[4] == 0).as("PUBACK without properties").isTrue();

      raw.send(RawMqttClient.publish(5, "nopub/x", 2, 3, false, null, utf8("x")));
      byte[] pubrec = raw.readPacket();
      assertThat(pubrec[0]).isEqualTo((byte) 0x50);
      assertThat(pubrec[3] & 0xFF).isEqualTo(0x87);
      assertThat(pubrec.length == 4 || pubrec[4] == 0).as("PUBREC without properties").isTrue();

      raw.send(RawMqttClient.ack(0x62, 77));
      byte[] pubcomp = raw.readPacket();
      assertThat(Arrays.copyOf(pubcomp, 4)).as("PUBCOMP for an id never received")
        .containsExactly(0x70, 0, 77, 0x92);
      assertThat(pubcomp.length == 4 || pubcomp[4] == 0).as("PUBCOMP without properties").isTrue();

      raw.send(RawMqttClient.packet(0xA2, new byte[] {0, 3, 0, 0, 4, 'n', 'o', 'n', 'e'}));
      byte[] unsuback = raw.readPacket();
      assertThat(unsuback[0]).isEqualTo((byte) 0xB0);
      assertThat(unsuback[3]).as("UNSUBACK property length").isZero();
      assertThat(unsuback[4] & 0xFF).isEqualTo(0x11);
    }
  }

  @Test
  void permissionRefusalsAre0x87OnMqtt5And0x80OrADropOnMqtt311() throws Exception {
    Mqtt5BlockingClient c5 = connected5("perm5");
    assertThatThrownBy(() -> c5.subscribeWith().topicFilter("deny/a").qos(MqttQos.AT_LEAST_ONCE).send())
      .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCodes())
        .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
    assertThatThrownBy(() -> c5.publishWith().topic("nopub/a").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("x")).send())
      .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> {
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        // Problem information is on by default, so the refusal says why.
        assertThat(e.getMqttMessage().getReasonString()).hasValueSatisfying(r -> assertThat(r.toString())
          .contains("not authorized"));
      });
    assertThatThrownBy(() -> c5.publishWith().topic("nopub/a").qos(MqttQos.EXACTLY_ONCE).payload(utf8("x")).send())
      .isInstanceOfSatisfying(Mqtt5PubRecException.class, e -> {
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.NOT_AUTHORIZED);
        assertThat(e.getMqttMessage().getReasonString()).hasValueSatisfying(r -> assertThat(r.toString())
          .contains("not authorized"));
      });
    c5.disconnect();

    try (RawMqttClient raw = new RawMqttClient(broker.port)) {
      raw.send(RawMqttClient.connect(4, "perm311", 60));
      assertThat(raw.readPacket()[0]).isEqualTo((byte) 0x20);
      raw.send(RawMqttClient.subscribe(4, 7, 1, "deny/a", "allowed/a"));
      byte[] suback = raw.readPacket();
      assertThat(suback).containsExactly(0x90, 0, 7, 0x80, 1);
    }

    // MQTT-3.3.5-2: a 3.1.1 publish the server refuses is acknowledged as usual and not delivered.
    Mqtt3BlockingClient sub = connected3("permSub311");
    Mqtt3BlockingClient pub = connected3("permPub311");
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("nopub/#").qos(MqttQos.AT_LEAST_ONCE).send();
      sub.subscribeWith().topicFilter("ok/#").qos(MqttQos.AT_LEAST_ONCE).send();
      pub.publishWith().topic("nopub/a").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("refused")).send();
      pub.publishWith().topic("ok/a").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("allowed")).send();
      Mqtt3Publish first = in.receive(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(first.getTopic().toString()).isEqualTo("ok/a");
      assertThat(pub.getState().isConnected()).as("refused publisher stays connected").isTrue();
    }
    sub.disconnect();
    pub.disconnect();
  }

  @Test
  void connAckAdvertisesEveryLimitOfTheTenant() {
    Mqtt5BlockingClient plain = MqttClient.builder().useMqttVersion5().identifier("limitsDefault")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    Mqtt5ConnAckRestrictions r = plain.connect().getRestrictions();
    assertThat(r.areSubscriptionIdentifiersAvailable()).isTrue();
    assertThat(r.getMaximumQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
    plain.disconnect();

    Mqtt5BlockingClient limited = MqttClient.builder().useMqttVersion5().identifier("limitsOff")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    Mqtt5ConnAck ack = limited.connectWith().simpleAuth().username("limited/u").password(utf8("pw")).applySimpleAuth()
      .sessionExpiryInterval(10 * 24 * 3600).send();
    try {
      Mqtt5ConnAckRestrictions lr = ack.getRestrictions();
      assertThat(lr.getMaximumQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
      assertThat(lr.isRetainAvailable()).isFalse();
      assertThat(lr.isWildcardSubscriptionAvailable()).isFalse();
      assertThat(lr.isSharedSubscriptionAvailable()).isFalse();
      assertThat(lr.areSubscriptionIdentifiersAvailable()).isFalse();
      assertThat(lr.getReceiveMaximum()).isEqualTo(7);
      assertThat(lr.getTopicAliasMaximum()).isEqualTo(3);
      assertThat(lr.getMaximumPacketSize()).isEqualTo(MqttServerVerticle.DEFAULT_MAX_PACKET);
      assertThat(ack.getSessionExpiryInterval()).hasValue(24 * 3600L);
    } finally {
      limited.disconnect();
    }
  }

  @Test
  void offlineQos0QueueDropsTheNewestOrTheOldestPerSetting() throws Exception {
    assertThat(offlineQos0("q0new")).containsExactly("m0", "m1", "m2");
    assertThat(offlineQos0("q0old")).containsExactly("m3", "m4", "m5");
  }

  /** Queues six messages at QoS 0 for an offline persistent session of {@code tenant} and returns what comes back. */
  private static List<String> offlineQos0(String tenant) throws Exception {
    Mqtt5BlockingClient sub = MqttClient.builder().useMqttVersion5().identifier(tenant + "Sub")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    sub.connectWith().simpleAuth().username(tenant + "/sub").password(utf8("pw")).applySimpleAuth()
      .sessionExpiryInterval(300).send();
    sub.subscribeWith().topicFilter("q0/t").qos(MqttQos.AT_MOST_ONCE).send();
    sub.disconnect();
    Mqtt5BlockingClient pub = MqttClient.builder().useMqttVersion5().identifier(tenant + "Pub")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    pub.connectWith().simpleAuth().username(tenant + "/pub").password(utf8("pw")).applySimpleAuth().send();
    // QoS 1 publishes are acknowledged once queued, so all six are in the inbox before the session returns;
    // the subscription's QoS 0 puts them in the QoS 0 queue.
    for (int i = 0; i < 6; i++) {
      pub.publishWith().topic("q0/t").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("m" + i)).send();
    }
    pub.disconnect();
    List<String> got = new ArrayList<>();
    try (var in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(sub.connectWith().cleanStart(false).simpleAuth().username(tenant + "/sub").password(utf8("pw"))
        .applySimpleAuth().sessionExpiryInterval(300).send().isSessionPresent()).isTrue();
      for (Optional<Mqtt5Publish> p = in.receive(10, TimeUnit.SECONDS); p.isPresent();
           p = in.receive(1, TimeUnit.SECONDS)) {
        assertThat(p.get().getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
        got.add(text(p.get()));
      }
    }
    sub.disconnectWith().sessionExpiryInterval(0).send();
    return got;
  }

  @Test
  void unsubscribeAnswersPerFilterCodesAndStopsDeliveryOnMqtt5() throws Exception {
    Mqtt5BlockingClient c = connected5("unsub5");
    Mqtt5BlockingClient pub = connected5("unsubPub5");
    try (var in = c.publishes(MqttGlobalPublishFilter.ALL)) {
      c.subscribeWith().topicFilter("un5/a").qos(MqttQos.AT_LEAST_ONCE).send();
      c.subscribeWith().topicFilter("un5/b").qos(MqttQos.AT_LEAST_ONCE).send();
      var unsuback = c.unsubscribeWith().addTopicFilter("un5/a").addTopicFilter("un5/never").send();
      assertThat(unsuback.getReasonCodes())
        .containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS, Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);
      Mqtt5PublishResult gone = pub.publishWith().topic("un5/a").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("a")).send();
      assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) gone).getPubAck().getReasonCode())
        .isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
      pub.publishWith().topic("un5/b").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("b")).send();
      assertThat(in.receive(30, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("un5/b");
    }
    c.disconnect();
    pub.disconnect();
  }

  @Test
  void persistentSessionUnsubscribeRemovesTheInboxRoute() throws Exception {
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("unsubPersistent")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    c.connectWith().sessionExpiryInterval(300).send();
    c.subscribeWith().topicFilter("unp/a").qos(MqttQos.AT_LEAST_ONCE).send();
    var unsuback = c.unsubscribeWith().addTopicFilter("unp/a").addTopicFilter("unp/never").send();
    assertThat(unsuback.getReasonCodes())
      .containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS, Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);
    c.disconnect();
    Mqtt5BlockingClient pub = connected5("unsubPersistentPub");
    Mqtt5PublishResult gone = pub.publishWith().topic("unp/a").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("a")).send();
    assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) gone).getPubAck().getReasonCode())
      .isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
    pub.disconnect();
    try (var in = c.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(c.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent()).isTrue();
      var again = c.unsubscribeWith().topicFilter("unp/a").send();
      assertThat(again.getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);
      assertThat(in.receive(1, TimeUnit.SECONDS)).as("nothing was queued").isEmpty();
    }
    c.disconnectWith().sessionExpiryInterval(0).send();
  }

  @Test
  void unsubscribeStopsDeliveryOnMqtt311() throws Exception {
    Mqtt3BlockingClient c = connected3("unsub311");
    Mqtt3BlockingClient pub = connected3("unsubPub311");
    try (var in = c.publishes(MqttGlobalPublishFilter.ALL)) {
      c.subscribeWith().topicFilter("un3/a").qos(MqttQos.AT_LEAST_ONCE).send();
      c.subscribeWith().topicFilter("un3/b").qos(MqttQos.AT_LEAST_ONCE).send();
      c.unsubscribeWith().topicFilter("un3/a").send();
      pub.publishWith().topic("un3/a").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("a")).send();
      pub.publishWith().topic("un3/b").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("b")).send();
      assertThat(in.receive(30, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("un3/b");
    }
    c.disconnect();
    pub.disconnect();
  }

  @Test
  void cleanStartOverAStoredSessionStartsAfresh() throws Exception {
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("cleanOver")
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    c.connectWith().sessionExpiryInterval(300).send();
    c.subscribeWith().topicFilter("cs/old").qos(MqttQos.AT_LEAST_ONCE).send();
    c.disconnect();
    Mqtt5BlockingClient pub = connected5("cleanOverPub");
    pub.publishWith().topic("cs/old").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("queued")).send();
    // A new client object: HiveMQ ends the publish stream of a client whose session the broker did not keep.
    c = MqttClient.builder().useMqttVersion5().identifier("cleanOver").serverHost("127.0.0.1").serverPort(broker.port)
      .buildBlocking();
    try (var in = c.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(c.connectWith().cleanStart(true).sessionExpiryInterval(300).send().isSessionPresent()).isFalse();
      c.subscribeWith().topicFilter("cs/new").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5PublishResult old = pub.publishWith().topic("cs/old").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("old")).send();
      assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) old).getPubAck().getReasonCode())
        .isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
      pub.publishWith().topic("cs/new").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("new")).send();
      assertThat(text(in.receive(30, TimeUnit.SECONDS).orElseThrow())).isEqualTo("new");
    }
    c.disconnectWith().sessionExpiryInterval(0).send();
    pub.disconnect();
  }

  @Test
  void mqtt311Qos2IsExactlyOnceInBothDirections() throws Exception {
    try (RawMqttClient sub = new RawMqttClient(broker.port); RawMqttClient pub = new RawMqttClient(broker.port)) {
      sub.send(RawMqttClient.connect(4, "q2sub311", 60));
      assertThat(sub.readPacket()[0]).isEqualTo((byte) 0x20);
      sub.send(RawMqttClient.subscribe(4, 1, 2, "q2x/t"));
      assertThat(sub.readPacket()).containsExactly(0x90, 0, 1, 2);
      pub.send(RawMqttClient.connect(4, "q2pub311", 60));
      assertThat(pub.readPacket()[0]).isEqualTo((byte) 0x20);

      pub.send(RawMqttClient.publish(4, "q2x/t", 2, 9, false, null, utf8("once")));
      assertThat(pub.readPacket()).containsExactly(0x50, 0, 9);
      // A retransmission before PUBREL must not be delivered twice (MQTT-4.3.3-2).
      pub.send(RawMqttClient.publish(4, "q2x/t", 2, 9, true, null, utf8("once")));
      assertThat(pub.readPacket()).containsExactly(0x50, 0, 9);
      pub.send(RawMqttClient.ack(0x62, 9));
      assertThat(pub.readPacket()).containsExactly(0x70, 0, 9);

      byte[] delivered = sub.readPacket();
      assertThat(delivered[0] & 0xF6).as("QoS 2 PUBLISH").isEqualTo(0x34);
      int id = packetId(delivered);
      assertThat(id).isPositive();
      sub.send(RawMqttClient.ack(0x50, id));
      assertThat(sub.readPacket()).containsExactly(0x62, id >> 8, id & 0xFF);
      sub.send(RawMqttClient.ack(0x70, id));

      // Something published after the exchange arrives next: the first message came exactly once.
      pub.send(RawMqttClient.publish(4, "q2x/t", 1, 10, false, null, utf8("after")));
      assertThat(pub.readPacket()).containsExactly(0x40, 0, 10);
      byte[] next = sub.readPacket();
      assertThat(next[0] & 0xF0).isEqualTo(0x30);
      assertThat(new String(payload(next), StandardCharsets.UTF_8)).isEqualTo("after");
    }
  }

  @Test
  void mqtt311OutstandingPacketIdsAreUniqueAndFreedIdsServeAgain() throws Exception {
    int outstanding = 40;
    try (RawMqttClient sub = new RawMqttClient(broker.port); RawMqttClient pub = new RawMqttClient(broker.port)) {
      sub.send(RawMqttClient.connect(4, "idsSub311", 60));
      assertThat(sub.readPacket()[0]).isEqualTo((byte) 0x20);
      sub.send(RawMqttClient.subscribe(4, 1, 1, "ids/t"));
      assertThat(sub.readPacket()).containsExactly(0x90, 0, 1, 1);
      pub.send(RawMqttClient.connect(4, "idsPub311", 60));
      assertThat(pub.readPacket()[0]).isEqualTo((byte) 0x20);
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < outstanding; i++) {
          pub.send(RawMqttClient.publish(4, "ids/t", 1, i + 1, false, null, utf8(round + ":" + i)));
          assertThat(pub.readPacket()).containsExactly(0x40, 0, i + 1);
        }
        Set<Integer> ids = new HashSet<>();
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < outstanding; i++) {
          byte[] p = sub.readPacket();
          assertThat(p[0] & 0xF6).as("QoS 1 PUBLISH").isEqualTo(0x32);
          ids.add(packetId(p));
          payloads.add(new String(payload(p), StandardCharsets.UTF_8));
        }
        assertThat(ids).as("ids in flight at once").hasSize(outstanding)
          .allSatisfy(id -> assertThat(id).isBetween(1, 65535));
        assertThat(payloads).first().isEqualTo(round + ":0");
        for (int id : ids) {
          sub.send(RawMqttClient.ack(0x40, id));
        }
      }
    }
  }

  @Test
  void publishTopicsWithNullCharactersEmptyOrTooLongAreRefused() throws Exception {
    try (RawMqttClient raw = connectedRaw(5, "nul5")) {
      raw.send(RawMqttClient.publish(5, new byte[] {'a', 0x00, 'b'}, utf8("x")));
      assertRefusedWith(raw, 0x90, 0x81);
    }
    try (RawMqttClient raw = connectedRaw(4, "nul311")) {
      raw.send(RawMqttClient.publish(4, new byte[] {'a', 0x00, 'b'}, utf8("x")));
      assertThat(raw.closedByBroker()).isTrue();
    }
    try (RawMqttClient raw = connectedRaw(5, "empty5")) {
      raw.send(RawMqttClient.publish(5, new byte[0], utf8("x")));
      assertRefusedWith(raw, 0x82);
    }
    try (RawMqttClient raw = connectedRaw(4, "empty311")) {
      raw.send(RawMqttClient.publish(4, new byte[0], utf8("x")));
      assertThat(raw.closedByBroker()).isTrue();
    }
    // Ten levels of 30 characters: within the level count and level length limits, past the 255 of MaxTopicLength.
    byte[] tooLong = utf8(String.join("/", Collections.nCopies(10, "x".repeat(30))));
    try (RawMqttClient raw = connectedRaw(5, "long5")) {
      raw.send(RawMqttClient.publish(5, tooLong, utf8("x")));
      assertRefusedWith(raw, 0x90);
    }
    try (RawMqttClient raw = connectedRaw(4, "long311")) {
      raw.send(RawMqttClient.publish(4, tooLong, utf8("x")));
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  @Test
  void topicLongerThanTheTenantsLimitGetsDisconnect0x90() throws Exception {
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("longTopic")
      .serverHost("127.0.0.1").serverPort(broker.port)
      .addDisconnectedListener(ctx -> closed.complete(ctx.getCause())).buildBlocking();
    c.connectWith().simpleAuth().username("limited/u").password(utf8("pw")).applySimpleAuth().send();
    c.publishWith().topic("a/" + "x".repeat(19)).qos(MqttQos.AT_MOST_ONCE).payload(utf8("x")).send();
    assertThat(closed.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(Mqtt5DisconnectException.class, e ->
      assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.TOPIC_NAME_INVALID));
  }

  private static void assertRefusedWith(RawMqttClient raw, Integer... codes) throws Exception {
    byte[] disconnect = raw.readPacket();
    assertThat(disconnect).isNotNull();
    assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
    assertThat(disconnect[1] & 0xFF).isIn((Object[]) codes);
    assertThat(raw.closedByBroker()).isTrue();
  }

  private static RawMqttClient connectedRaw(int level, String clientId) throws Exception {
    RawMqttClient raw = new RawMqttClient(broker.port);
    raw.send(RawMqttClient.connect(level, clientId, 60));
    byte[] connack = raw.readPacket();
    assertThat(connack[0]).isEqualTo((byte) 0x20);
    assertThat(connack[2]).isZero();
    return raw;
  }

  /** A poll of one receiver: true when it got a message. */
  private interface Poll {
    boolean got() throws Exception;
  }

  /** Polls both receivers until {@code expected} messages arrived in all or 30 s passed. */
  private static void drain(int expected, Poll a, Poll b) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int count = 0;
    while (count < expected && System.nanoTime() < deadline) {
      count += a.got() ? 1 : 0;
      count += b.got() ? 1 : 0;
    }
  }

  /** The packet id of a QoS 1/2 MQTT 3.1.1 PUBLISH as {@link RawMqttClient#readPacket} returns it. */
  private static int packetId(byte[] publish) {
    int topicLength = ((publish[1] & 0xFF) << 8) | (publish[2] & 0xFF);
    int pos = 3 + topicLength;
    return ((publish[pos] & 0xFF) << 8) | (publish[pos + 1] & 0xFF);
  }

  /** The payload of a QoS 1/2 MQTT 3.1.1 PUBLISH. */
  private static byte[] payload(byte[] publish) {
    int topicLength = ((publish[1] & 0xFF) << 8) | (publish[2] & 0xFF);
    int from = 3 + topicLength + ((publish[0] & 0x06) != 0 ? 2 : 0);
    return Arrays.copyOfRange(publish, from, publish.length);
  }

  private static Mqtt5BlockingClient connected5(String id) {
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    c.connect();
    return c;
  }

  private static Mqtt3BlockingClient connected3(String id) {
    Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3().identifier(id)
      .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
    c.connect();
    return c;
  }

  private static String text(Mqtt5Publish p) {
    return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
  }

  private static String text(Mqtt3Publish p) {
    return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
