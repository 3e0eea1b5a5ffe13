package io.heimdall.mqtt;

import io.heimdall.plugin.auth.AuthProvider;
import io.heimdall.plugin.auth.AuthResult;
import io.heimdall.plugin.auth.Mqtt3AuthData;
import io.heimdall.plugin.auth.Mqtt5AuthData;
import io.heimdall.plugin.auth.Mqtt5ExtendedAuthData;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** An authentication method at CONNECT and MQTT 5 AUTH re-authentication, answered by the auth plugin. */
class ReAuthenticationTest {
  private static TestBroker broker;

  /** Method "token": data "good" authenticates into tenant "t", anything else is refused. */
  public static final class TokenAuth implements AuthProvider {
    @Override
    public CompletableFuture<AuthResult> auth(Mqtt3AuthData data) {
      return CompletableFuture.completedFuture(new AuthResult.Reject(AuthResult.Reject.Code.NOT_AUTHORIZED, "token only"));
    }

    @Override
    public CompletableFuture<AuthResult> auth(Mqtt5AuthData data) {
      boolean ok = data.authMethod().filter("token"::equals).isPresent()
        && data.authData().map(d -> Arrays.equals(d, good())).orElse(false);
      return CompletableFuture.completedFuture(ok ? new AuthResult.Ok("t", "u", Map.of())
        : new AuthResult.Reject(AuthResult.Reject.Code.NOT_AUTHORIZED, "bad token"));
    }

    @Override
    public CompletableFuture<AuthResult> extendedAuth(Mqtt5ExtendedAuthData data) {
      return CompletableFuture.completedFuture(Arrays.equals(data.authData(), good()) && data.reAuth()
        ? new AuthResult.Ok("t", "u", Map.of()) : new AuthResult.Reject(AuthResult.Reject.Code.NOT_AUTHORIZED, "bad"));
    }

    private static byte[] good() {
      return "good".getBytes(StandardCharsets.UTF_8);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(new JsonObject().put("authProviderFQN", TokenAuth.class.getName()));
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
  }

  @Test
  void reAuthenticationSucceedsThenAFailedOneDisconnects() throws Exception {
    try (RawMqttClient raw = new RawMqttClient(broker.port)) {
      raw.send(RawMqttClient.connect(5, "reauth", 60, token("good"), null, null, null));
      byte[] connack = raw.readPacket();
      assertThat(connack[0]).isEqualTo((byte) 0x20);
      assertThat(connack[2]).isZero();

      raw.send(RawMqttClient.packet(0xF0, concat(new byte[] {0x19}, token("good"))));
      byte[] auth = raw.readPacket();
      assertThat(auth[0]).isEqualTo((byte) 0xF0);
      assertThat(auth[1]).isZero();

      raw.send(RawMqttClient.packet(0xF0, concat(new byte[] {0x19}, token("bad"))));
      byte[] disconnect = raw.readPacket();
      assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
      assertThat(disconnect[1] & 0xFF).isEqualTo(0x87);
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  @Test
  void wrongTokenAtConnectIsRefusedWith0x87() throws Exception {
    try (RawMqttClient raw = new RawMqttClient(broker.port)) {
      raw.send(RawMqttClient.connect(5, "badtoken", 60, token("bad"), null, null, null));
      byte[] connack = raw.readPacket();
      assertThat(connack[0]).isEqualTo((byte) 0x20);
      assertThat(connack[2] & 0xFF).isEqualTo(0x87);
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  private static byte[] token(String data) {
    return new Mqtt5Props().string(0x15, "token").binary(0x16, data.getBytes(StandardCharsets.UTF_8)).encoded();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
