package io.heimdall.plugin.settings;

import io.heimdall.common.settings.Setting;

/** The default provider: every tenant gets the reference defaults or their -D overrides. */
public final class DefaultSettingProvider implements SettingProvider {
  @Override
  public Object provide(Setting setting, String tenantId) {
    return setting.initialValue();
  }
}
