package io.heimdall.mqtt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.Metrics;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttClientIdentifier;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.settings.Setting;
import io.heimdall.plugin.auth.AuthProvider;
import io.heimdall.plugin.auth.AuthResult;
import io.heimdall.plugin.auth.Mqtt3AuthData;
import io.heimdall.plugin.balancer.ClientBalancer;
import io.heimdall.plugin.balancer.Redirection;
import io.heimdall.plugin.settings.SettingProvider;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CONNECT handling against a real broker with real HiveMQ clients, MQTT 3.1.1 and 5. */
class ConnectTest {
  private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
  private static TestBroker broker;

  /** Accepts password "secret" (tenant from "tenant/user"), refuses others. */
  public static final class PasswordAuth implements AuthProvider {
    @Override
    public CompletableFuture<AuthResult> auth(Mqtt3AuthData data) {
      String user = data.username().orElse("anonymous");
      String password = data.password().map(p -> new String(p, StandardCharsets.UTF_8)).orElse("");
      if (!password.equals("secret")) {
        return CompletableFuture.completedFuture(new AuthResult.Reject(AuthResult.Reject.Code.BAD_PASS, "wrong password"));
      }
      int slash = user.indexOf('/');
      return CompletableFuture.completedFuture(slash > 0
        ? new AuthResult.Ok(user.substring(0, slash), user.substring(slash + 1), Map.of())
        : new AuthResult.Ok("default", user, Map.of()));
    }
  }

  /** Sends clients of tenant "moved" elsewhere. */
  public static final class MovingBalancer implements ClientBalancer {
    @Override
    public Optional<Redirection> needRedirect(ClientInfo client) {
      return client.tenantId().equals("moved")
        ? Optional.of(new Redirection(true, Optional.of("other.example:1883"))) : Optional.empty();
    }
  }

  /** Tenant "legacy" may not use MQTT 5. */
  public static final class LegacyTenantSettings implements SettingProvider {
    @Override
    public Object provide(Setting setting, String tenantId) {
      return setting == Setting.MQTT5Enabled && tenantId.equals("legacy") ? Boolean.FALSE : null;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    // The global registry only counts once a concrete registry is attached (the node attaches Prometheus).
    Metrics.addRegistry(METERS);
    broker = TestBroker.start(new JsonObject()
      .put("authProviderFQN", PasswordAuth.class.getName())
      .put("clientBalancerFQN", MovingBalancer.class.getName())
      .put("settingProviderFQN", LegacyTenantSettings.class.getName()));
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
    Metrics.removeRegistry(METERS);
  }

  @Test
  void mqtt5GetsAnAssignedIdentifierAndTheBrokersLimits() {
    Mqtt5BlockingClient client = v5("").buildBlocking();
    Mqtt5ConnAck ack = client.connectWith().simpleAuth().username("t/u").password(utf8("secret")).applySimpleAuth().send();
    try {
      assertThat(ack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
      assertThat(ack.isSessionPresent()).isFalse();
      assertThat(ack.getAssignedClientIdentifier()).hasValueSatisfying(id -> assertThat(id.toString()).isNotEmpty());
      assertThat(ack.getRestrictions().getReceiveMaximum()).isEqualTo(200);
      assertThat(ack.getRestrictions().getTopicAliasMaximum()).isEqualTo(10);
      assertThat(ack.getRestrictions().getMaximumPacketSize()).isEqualTo(MqttServerVerticle.DEFAULT_MAX_PACKET);
      assertThat(ack.getRestrictions().isRetainAvailable()).isTrue();
      assertThat(ack.getRestrictions().isWildcardSubscriptionAvailable()).isTrue();
      assertThat(ack.getRestrictions().isSharedSubscriptionAvailable()).isTrue();
    } finally {
      client.disconnect();
    }
  }

  @Test
  void mqtt311ConnectsAndRefusesEmptyIdWithoutCleanSession() {
    Mqtt3BlockingClient ok = v3("c311").buildBlocking();
    assertThat(ok.connectWith().simpleAuth().username("t/u").password(utf8("secret")).applySimpleAuth().send()
      .getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
    ok.disconnect();

    Mqtt3BlockingClient anonymous = v3("").buildBlocking();
    assertThatThrownBy(() -> anonymous.connectWith().cleanSession(false).simpleAuth().username("t/u")
      .password(utf8("secret")).applySimpleAuth().send())
      .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(e.getMqttMessage().getReturnCode())
        .isEqualTo(Mqtt3ConnAckReturnCode.IDENTIFIER_REJECTED));
  }

  @Test
  void wrongPasswordIsRefusedWithTheRightCodePerVersion() {
    Mqtt5BlockingClient c5 = v5("bad5").buildBlocking();
    assertThatThrownBy(() -> c5.connectWith().simpleAuth().username("t/u").password(utf8("nope")).applySimpleAuth().send())
      .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> {
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(e.getMqttMessage().getReasonString()).hasValueSatisfying(r ->
          assertThat(r.toString()).contains("wrong password"));
      });
    Mqtt3BlockingClient c3 = v3("bad3").buildBlocking();
    assertThatThrownBy(() -> c3.connectWith().simpleAuth().username("t/u").password(utf8("nope")).applySimpleAuth().send())
      .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(e.getMqttMessage().getReturnCode())
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
  }

  @Test
  void balancerRedirectsWithServerReference() {
    Mqtt5BlockingClient c = v5("mover").buildBlocking();
    assertThatThrownBy(() -> c.connectWith().simpleAuth().username("moved/u").password(utf8("secret")).applySimpleAuth().send())
      .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> {
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SERVER_MOVED);
        assertThat(e.getMqttMessage().getServerReference()).hasValueSatisfying(r ->
          assertThat(r.toString()).isEqualTo("other.example:1883"));
      });
  }

  @Test
  void perTenantSettingDisablesAProtocolVersion() {
    Mqtt5BlockingClient c5 = v5("legacy5").buildBlocking();
    assertThatThrownBy(() -> c5.connectWith().simpleAuth().username("legacy/u").password(utf8("secret")).applySimpleAuth().send())
      .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
        .isEqualTo(Mqtt5ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION));
    Mqtt3BlockingClient c3 = v3("legacy3").buildBlocking();
    assertThat(c3.connectWith().simpleAuth().username("legacy/u").password(utf8("secret")).applySimpleAuth().send()
      .getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
    c3.disconnect();
  }

  @Test
  void metersCountConnectionsAndRefusals() throws Exception {
    String server = broker.mqtt.serverId();
    double refusedBefore = Metrics.globalRegistry.get("mqtt.connect.refused").tag("server", server).counter().count();
    Mqtt5BlockingClient refusedClient = v5("metered-bad").buildBlocking();
    assertThatThrownBy(() -> refusedClient.connectWith().simpleAuth().username("t/u").password(utf8("nope"))
      .applySimpleAuth().send()).isInstanceOf(Mqtt5ConnAckException.class);
    assertThat(Metrics.globalRegistry.get("mqtt.connect.refused").tag("server", server).counter().count())
      .isEqualTo(refusedBefore + 1);
    Mqtt5BlockingClient ok = v5("metered-ok").buildBlocking();
    ok.connectWith().simpleAuth().username("t/u").password(utf8("secret")).applySimpleAuth().send();
    Await.until(() -> Metrics.globalRegistry.get("mqtt.connections").tag("server", server).gauge().value() >= 1, 30,
      "connection counted");
    ok.disconnect();
    Await.until(() -> Metrics.globalRegistry.get("mqtt.connections").tag("server", server).gauge().value() == 0, 30,
      "connection gauge back to 0");
  }

  @Test
  void sessionExpiryIsClampedIntoTheTenantsRange() {
    Mqtt5BlockingClient shortLived = v5("short").buildBlocking();
    Mqtt5ConnAck ack = shortLived.connectWith().sessionExpiryInterval(10).simpleAuth().username("t/u")
      .password(utf8("secret")).applySimpleAuth().send();
    assertThat(ack.getSessionExpiryInterval()).hasValue(60);
    shortLived.disconnect();
    Mqtt5BlockingClient longLived = v5("long").buildBlocking();
    ack = longLived.connectWith().sessionExpiryInterval(1_000_000).simpleAuth().username("t/u")
      .password(utf8("secret")).applySimpleAuth().send();
    assertThat(ack.getSessionExpiryInterval()).hasValue(86_400);
    longLived.disconnect();
  }

  @Test
  void aMissingPluginStopsTheServerWithTheKeyInTheMessage() {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      JsonObject config = new JsonObject().put("authProviderFQN", "com.example.NoSuchAuth")
        .put("tcpListener", new JsonObject().put("port", 0));
      assertThatThrownBy(() -> vertx.deployVerticle(new MqttServerVerticle(),
        new io.vertx.core.DeploymentOptions().setConfig(config)).await(30, java.util.concurrent.TimeUnit.SECONDS))
        .hasMessageContaining("authProviderFQN").hasMessageContaining("com.example.NoSuchAuth");
    } finally {
      vertx.close();
    }
  }

  private static com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder v5(String id) {
    return MqttClient.builder().useMqttVersion5().identifier(MqttClientIdentifier.of(id))
      .serverHost("127.0.0.1").serverPort(broker.port);
  }

  private static com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder v3(String id) {
    return MqttClient.builder().useMqttVersion3().identifier(MqttClientIdentifier.of(id))
      .serverHost("127.0.0.1").serverPort(broker.port);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
