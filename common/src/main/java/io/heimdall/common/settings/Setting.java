package io.heimdall.common.settings;

import java.util.function.Predicate;

/**
 * The per-tenant settings a setting provider answers, with the reference defaults. A JVM system
 * property named after the setting ({@code -DMaxTopicLevels=8}) replaces the default.
 */
public enum Setting {
  MQTT3Enabled(Boolean.class, true),
  MQTT4Enabled(Boolean.class, true),
  MQTT5Enabled(Boolean.class, true),
  DebugModeEnabled(Boolean.class, false),
  ForceTransient(Boolean.class, false),
  ByPassPermCheckError(Boolean.class, true),
  PayloadFormatValidationEnabled(Boolean.class, true),
  RetainEnabled(Boolean.class, true),
  WildcardSubscriptionEnabled(Boolean.class, true),
  SubscriptionIdentifierEnabled(Boolean.class, true),
  SharedSubscriptionEnabled(Boolean.class, true),
  MaximumQoS(Integer.class, 2, v -> (int) v >= 0 && (int) v <= 2),
  MaxTopicLevelLength(Integer.class, 40, v -> (int) v > 0 && (int) v <= 65535),
  MaxTopicLevels(Integer.class, 16, v -> (int) v > 0 && (int) v <= 65535),
  MaxTopicLength(Integer.class, 255, v -> (int) v > 0 && (int) v <= 65535),
  MaxSharedGroupMembers(Integer.class, 200, v -> (int) v > 0),
  MaxPersistentFanout(Integer.class, Integer.MAX_VALUE, v -> (int) v > 0),
  MaxGroupFanout(Integer.class, 100, v -> (int) v > 0),
  MaxTopicFiltersPerSub(Integer.class, 10, v -> (int) v > 0 && (int) v <= 100),
  MaxTopicFiltersPerInbox(Integer.class, 100, v -> (int) v > 0),
  MaxLastWillBytes(Integer.class, 128 * 1024, v -> (int) v > 0 && (int) v <= 256 * 1024 * 1024),
  MaxUserPayloadBytes(Integer.class, 256 * 1024, v -> (int) v > 0 && (int) v <= 256 * 1024 * 1024),
  MaxResendTimes(Integer.class, 3, v -> (int) v >= 0),
  ResendTimeoutSeconds(Integer.class, 10, v -> (int) v > 0),
  MaxTopicAlias(Integer.class, 10, v -> (int) v >= 0 && (int) v <= 65535),
  MaxSessionExpirySeconds(Integer.class, 24 * 60 * 60, v -> (int) v > 0),
  MinSessionExpirySeconds(Integer.class, 60, v -> (int) v >= 0),
  MinKeepAliveSeconds(Integer.class, 60, v -> (int) v > 0 && (int) v < 65535),
  SessionInboxSize(Integer.class, 1000, v -> (int) v > 0 && (int) v <= 65535),
  QoS0DropOldest(Boolean.class, false),
  RetainMessageMatchLimit(Integer.class, 10, v -> (int) v >= 0),
  RetainedTopicLimit(Integer.class, 10, v -> (int) v >= 0),
  ReceivingMaximum(Integer.class, 200, v -> (int) v > 0 && (int) v <= 65535),
  InBoundBandWidth(Long.class, 512 * 1024L, v -> (long) v >= 0),
  OutBoundBandWidth(Long.class, 512 * 1024L, v -> (long) v >= 0),
  MsgPubPerSec(Integer.class, 200, v -> (int) v > 0 && (int) v <= 1000);

  private final Class<?> valueType;
  private final Object defaultValue;
  private final Predicate<Object> validator;

  Setting(Class<?> valueType, Object defaultValue) {
    this(valueType, defaultValue, v -> true);
  }

  Setting(Class<?> valueType, Object defaultValue, Predicate<Object> validator) {
    this.valueType = valueType;
    this.defaultValue = defaultValue;
    this.validator = validator;
  }

  /** The Java type of the setting's values. */
  public Class<?> valueType() {
    return valueType;
  }

  /** True when the value has the right type and lies in the allowed range. */
  public boolean isValid(Object value) {
    return value != null && valueType.isInstance(value) && validator.test(value);
  }

  /**
   * The value used when no provider answers: the system property of the same name when set,
   * else the reference default. A malformed property fails with a message naming it.
   */
  public Object initialValue() {
    String override = System.getProperty(name());
    if (override == null) {
      return defaultValue;
    }
    Object parsed;
    try {
      parsed = parse(override.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("system property " + name() + "=" + override
        + " is not a valid " + valueType.getSimpleName(), e);
    }
    if (!isValid(parsed)) {
      throw new IllegalArgumentException("system property " + name() + "=" + override + " is out of range");
    }
    return parsed;
  }

  /** Checks every system-property override at once so a bad one stops startup instead of surfacing later. */
  public static void validateOverrides() {
    for (Setting s : values()) {
      s.initialValue();
    }
  }

  private Object parse(String text) {
    if (valueType == Boolean.class) {
      if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
        throw new IllegalArgumentException("expected true or false");
      }
      return Boolean.parseBoolean(text);
    }
    if (valueType == Integer.class) {
      return Integer.parseInt(text);
    }
    return Long.parseLong(text);
  }
}
