package io.heimdall.plugin.settings;

import io.heimdall.common.settings.Setting;

/** Answers per-tenant settings; called often on the event loop, so it must answer from memory. */
public interface SettingProvider {
  /** The tenant's value for the setting, or null to use {@link Setting#initialValue()}. */
  Object provide(Setting setting, String tenantId);

  /** Releases resources when the broker stops. */
  default void close() {
  }
}
