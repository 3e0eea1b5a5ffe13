package io.heimdall.plugin.loader;

import io.heimdall.plugin.auth.AuthProvider;
import io.heimdall.plugin.auth.DevOnlyAuthProvider;
import io.heimdall.plugin.auth.MeteredAuthProvider;
import io.heimdall.plugin.balancer.ClientBalancer;
import io.heimdall.plugin.balancer.MeteredClientBalancer;
import io.heimdall.plugin.balancer.NoRedirectClientBalancer;
import io.heimdall.plugin.events.EventCollector;
import io.heimdall.plugin.events.LoggingEventCollector;
import io.heimdall.plugin.events.MeteredEventCollector;
import io.heimdall.plugin.settings.DefaultSettingProvider;
import io.heimdall.plugin.settings.MeteredSettingProvider;
import io.heimdall.plugin.settings.SettingProvider;
import io.heimdall.plugin.throttler.MeteredResourceThrottler;
import io.heimdall.plugin.throttler.ResourceThrottler;
import io.heimdall.plugin.throttler.UnlimitedResourceThrottler;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The plugins a broker runs with, every one metered. Each is named by a configuration key holding
 * a fully qualified class name; an absent key selects the development default.
 */
public record Plugins(AuthProvider authProvider, ClientBalancer clientBalancer, SettingProvider settingProvider,
                      EventCollector eventCollector, ResourceThrottler resourceThrottler) {
  /** Config key of the auth provider class. */
  public static final String AUTH_PROVIDER_FQN = "authProviderFQN";
  /** Config key of the client balancer class. */
  public static final String CLIENT_BALANCER_FQN = "clientBalancerFQN";
  /** Config key of the setting provider class. */
  public static final String SETTING_PROVIDER_FQN = "settingProviderFQN";
  /** Config key of the event collector class. */
  public static final String EVENT_COLLECTOR_FQN = "eventCollectorFQN";
  /** Config key of the resource throttler class. */
  public static final String RESOURCE_THROTTLER_FQN = "resourceThrottlerFQN";

  /**
   * Loads the configured plugins.
   *
   * @param config    looks up a configuration key, null when absent
   * @param pluginDir directory of plugin jars, may be null or missing
   * @param registry  where call timers and failure counters go
   * @throws PluginLoadException naming the key of a plugin that cannot be loaded
   */
  public static Plugins load(Function<String, String> config, Path pluginDir, MeterRegistry registry) {
    PluginLoader loader = PluginLoader.over(pluginDir);
    AuthProvider auth = pick(config, loader, AUTH_PROVIDER_FQN, AuthProvider.class, new DevOnlyAuthProvider());
    ClientBalancer balancer = pick(config, loader, CLIENT_BALANCER_FQN, ClientBalancer.class,
      new NoRedirectClientBalancer());
    SettingProvider settings = pick(config, loader, SETTING_PROVIDER_FQN, SettingProvider.class,
      new DefaultSettingProvider());
    EventCollector events = pick(config, loader, EVENT_COLLECTOR_FQN, EventCollector.class,
      new LoggingEventCollector());
    ResourceThrottler throttler = pick(config, loader, RESOURCE_THROTTLER_FQN, ResourceThrottler.class,
      new UnlimitedResourceThrottler());
    return of(auth, balancer, settings, events, throttler, registry);
  }

  /** Meters the given plugin instances (used by tests and embedders that construct plugins themselves). */
  public static Plugins of(AuthProvider auth, ClientBalancer balancer, SettingProvider settings,
                           EventCollector events, ResourceThrottler throttler, MeterRegistry registry) {
    return new Plugins(
      new MeteredAuthProvider(auth, new PluginMeter(registry, auth.getClass().getName())),
      new MeteredClientBalancer(balancer, new PluginMeter(registry, balancer.getClass().getName())),
      new MeteredSettingProvider(settings, new PluginMeter(registry, settings.getClass().getName())),
      new MeteredEventCollector(events, new PluginMeter(registry, events.getClass().getName())),
      new MeteredResourceThrottler(throttler, new PluginMeter(registry, throttler.getClass().getName())));
  }

  /** Closes every plugin. */
  public void close() {
    authProvider.close();
    clientBalancer.close();
    settingProvider.close();
    eventCollector.close();
    resourceThrottler.close();
  }

  private static <T> T pick(Function<String, String> config, PluginLoader loader, String key, Class<T> spi,
                            T fallback) {
    String fqn = config.apply(key);
    return fqn == null || fqn.isBlank() ? fallback : loader.load(fqn, spi, key);
  }
}
