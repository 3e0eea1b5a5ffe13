package io.heimdall.plugin.settings;

import io.heimdall.common.settings.Setting;

import java.util.EnumMap;
import java.util.Map;

/**
 * The settings of one tenant, read once (at CONNECT) so a session works with one consistent set.
 * A provider answer that is missing, of the wrong type or out of range falls back to the initial value.
 */
public final class TenantSettings {
  private final Map<Setting, Object> values = new EnumMap<>(Setting.class);

  /** Reads every setting of the tenant from the provider. */
  public TenantSettings(SettingProvider provider, String tenantId) {
    for (Setting s : Setting.values()) {
      Object v;
      try {
        v = provider.provide(s, tenantId);
      } catch (RuntimeException e) {
        v = null;
      }
      values.put(s, s.isValid(v) ? v : s.initialValue());
    }
  }

  /** An int setting. */
  public int intValue(Setting s) {
    return (Integer) values.get(s);
  }

  /** A long setting. */
  public long longValue(Setting s) {
    return (Long) values.get(s);
  }

  /** A boolean setting. */
  public boolean isOn(Setting s) {
    return (Boolean) values.get(s);
  }
}
