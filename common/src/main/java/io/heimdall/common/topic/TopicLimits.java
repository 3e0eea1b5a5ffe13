package io.heimdall.common.topic;

/** The per-tenant limits a topic or topic filter is checked against. */
public record TopicLimits(int maxLevels, int maxLength, int maxLevelLength) {
  /** The reference defaults: 16 levels, 255 UTF-8 bytes in all, 40 per level. */
  public static final TopicLimits DEFAULT = new TopicLimits(16, 255, 40);
  /** The widest limits MQTT allows, for splitting filters that were validated when subscribed. */
  public static final TopicLimits UNLIMITED = new TopicLimits(65535, 65535, 65535);

  /** Validates the limits themselves. */
  public TopicLimits {
    if (maxLevels < 1 || maxLength < 1 || maxLength > 65535 || maxLevelLength < 1) {
      throw new IllegalArgumentException("topic limits must be positive and at most 65535 bytes long");
    }
  }
}
