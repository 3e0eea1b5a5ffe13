package io.heimdall.plugin;

import io.heimdall.plugin.auth.AuthResult;
import io.heimdall.plugin.auth.DevOnlyAuthProvider;
import io.heimdall.plugin.auth.Mqtt3AuthData;
import io.heimdall.plugin.auth.Mqtt5AuthData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DevOnlyAuthProviderTest {
  private final DevOnlyAuthProvider provider = new DevOnlyAuthProvider();

  @Test
  void tenantComesFromTenantSlashUser() {
    AuthResult r = provider.auth(mqtt3(Optional.of("acme/alice"))).join();
    assertThat(r).isEqualTo(new AuthResult.Ok("acme", "alice", java.util.Map.of()));
  }

  @Test
  void otherUsersAndAnonymousClientsGetTheDefaultTenant() {
    assertThat(((AuthResult.Ok) provider.auth(mqtt3(Optional.of("bob"))).join()).tenantId())
      .isEqualTo(DevOnlyAuthProvider.DEFAULT_TENANT);
    assertThat(((AuthResult.Ok) provider.auth(mqtt3(Optional.empty())).join()).tenantId())
      .isEqualTo(DevOnlyAuthProvider.DEFAULT_TENANT);
    assertThat(((AuthResult.Ok) provider.auth(mqtt3(Optional.of("/x"))).join()).tenantId())
      .isEqualTo(DevOnlyAuthProvider.DEFAULT_TENANT);
  }

  @Test
  void mqtt5FallsBackToMqtt3RulesAndRefusesUnknownAuthMethods() {
    Mqtt5AuthData plain = new Mqtt5AuthData("c", Optional.of("t5/u"), Optional.empty(), Optional.empty(),
      Optional.empty(), List.of(), "127.0.0.1:1", Optional.empty());
    assertThat(((AuthResult.Ok) provider.auth(plain).join()).tenantId()).isEqualTo("t5");
    Mqtt5AuthData scram = new Mqtt5AuthData("c", Optional.empty(), Optional.empty(), Optional.of("SCRAM-SHA-1"),
      Optional.of(new byte[] {1}), List.of(), "127.0.0.1:1", Optional.empty());
    assertThat(provider.auth(scram).join()).isInstanceOfSatisfying(AuthResult.Reject.class,
      r -> assertThat(r.code()).isEqualTo(AuthResult.Reject.Code.BAD_AUTH_METHOD));
  }

  private static Mqtt3AuthData mqtt3(Optional<String> user) {
    return new Mqtt3AuthData(4, "c", user, Optional.empty(), "127.0.0.1:1", Optional.empty());
  }
}
