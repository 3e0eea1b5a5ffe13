package io.heimdall.plugin;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.settings.Setting;
import io.heimdall.plugin.auth.AuthResult;
import io.heimdall.plugin.auth.Mqtt3AuthData;
import io.heimdall.plugin.balancer.ClientBalancer;
import io.heimdall.plugin.balancer.Redirection;
import io.heimdall.plugin.loader.PluginLoadException;
import io.heimdall.plugin.loader.PluginMeter;
import io.heimdall.plugin.loader.Plugins;
import io.heimdall.plugin.settings.SettingProvider;
import io.heimdall.plugin.settings.TenantSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginsTest {
  /** A balancer loaded by name in these tests. */
  public static final class MovingBalancer implements ClientBalancer {
    @Override
    public Optional<Redirection> needRedirect(ClientInfo client) {
      if (client.tenantId().equals("boom")) {
        throw new IllegalStateException("balancer failure");
      }
      return Optional.of(new Redirection(true, Optional.of("elsewhere:1883")));
    }
  }

  /** A setting provider loaded by name in these tests: tenant "small" gets 4 topic levels. */
  public static final class SmallTenantSettings implements SettingProvider {
    @Override
    public Object provide(Setting setting, String tenantId) {
      if (setting == Setting.MaxTopicLevels && tenantId.equals("small")) {
        return 4;
      }
      if (setting == Setting.ReceivingMaximum) {
        return "not an int";
      }
      return null;
    }
  }

  @Test
  void defaultsWithoutConfiguration() {
    Plugins plugins = Plugins.load(key -> null, null, new SimpleMeterRegistry());
    AuthResult r = plugins.authProvider().auth(new Mqtt3AuthData(4, "c", Optional.of("t/u"), Optional.empty(),
      "127.0.0.1:1", Optional.empty())).join();
    assertThat(((AuthResult.Ok) r).tenantId()).isEqualTo("t");
    assertThat(plugins.clientBalancer().needRedirect(client("t"))).isEmpty();
  }

  @Test
  void loadsByNameAndMetersCallsAndFailures() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Map<String, String> config = Map.of(Plugins.CLIENT_BALANCER_FQN, MovingBalancer.class.getName(),
      Plugins.SETTING_PROVIDER_FQN, SmallTenantSettings.class.getName());
    Plugins plugins = Plugins.load(config::get, Path.of("does-not-exist"), registry);

    assertThat(plugins.clientBalancer().needRedirect(client("t")))
      .contains(new Redirection(true, Optional.of("elsewhere:1883")));
    assertThatThrownBy(() -> plugins.clientBalancer().needRedirect(client("boom")))
      .hasMessageContaining("balancer failure");
    String name = MovingBalancer.class.getName();
    assertThat(registry.get(PluginMeter.TIMER).tag("plugin", name).timer().count()).isEqualTo(2);
    assertThat(registry.get(PluginMeter.FAIL_COUNTER).tag("plugin", name).counter().count()).isEqualTo(1);

    TenantSettings small = new TenantSettings(plugins.settingProvider(), "small");
    TenantSettings other = new TenantSettings(plugins.settingProvider(), "other");
    assertThat(small.intValue(Setting.MaxTopicLevels)).isEqualTo(4);
    assertThat(other.intValue(Setting.MaxTopicLevels)).isEqualTo(16);
    // A wrongly typed answer falls back to the default instead of breaking the session.
    assertThat(small.intValue(Setting.ReceivingMaximum)).isEqualTo(200);
  }

  @Test
  void failedAsyncCallsAreCounted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PluginMeter meter = new PluginMeter(registry, "p");
    assertThatThrownBy(() -> meter.callAsync("m", () -> java.util.concurrent.CompletableFuture.failedFuture(
      new IllegalStateException("x"))).join()).isInstanceOf(CompletionException.class);
    assertThat(meter.callAsync("m", () -> null)).isCompletedExceptionally();
    assertThat(registry.get(PluginMeter.FAIL_COUNTER).tag("method", "m").counter().count()).isEqualTo(2);
    assertThat(registry.get(PluginMeter.TIMER).tag("method", "m").timer().count()).isEqualTo(2);
  }

  @Test
  void missingOrWrongPluginsStopWithAClearMessage() {
    assertThatThrownBy(() -> Plugins.load(Map.of(Plugins.AUTH_PROVIDER_FQN, "com.example.Missing")::get, null,
      new SimpleMeterRegistry()))
      .isInstanceOf(PluginLoadException.class)
      .hasMessageContaining("authProviderFQN")
      .hasMessageContaining("com.example.Missing")
      .hasMessageContaining("not found");
    assertThatThrownBy(() -> Plugins.load(Map.of(Plugins.AUTH_PROVIDER_FQN, MovingBalancer.class.getName())::get,
      null, new SimpleMeterRegistry()))
      .isInstanceOf(PluginLoadException.class)
      .hasMessageContaining("does not implement");
  }

  private static ClientInfo client(String tenant) {
    return new ClientInfo(tenant, ClientInfo.TYPE_MQTT, Map.of());
  }
}
