package io.heimdall.plugin.settings;

import io.heimdall.common.settings.Setting;
import io.heimdall.plugin.loader.PluginMeter;

/** A setting provider whose calls are timed and whose failures are counted. */
public final class MeteredSettingProvider implements SettingProvider {
  private final SettingProvider delegate;
  private final PluginMeter meter;

  /** Wraps the provider. */
  public MeteredSettingProvider(SettingProvider delegate, PluginMeter meter) {
    this.delegate = delegate;
    this.meter = meter;
  }

  @Override
  public Object provide(Setting setting, String tenantId) {
    return meter.call("provide", () -> delegate.provide(setting, tenantId));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
