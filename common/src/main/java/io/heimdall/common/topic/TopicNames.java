package io.heimdall.common.topic;

/** Validation of the topic names PUBLISH packets carry. */
public final class TopicNames {
  private TopicNames() {
  }

  /** Throws a {@link TopicException} naming the broken rule when {@code topic} may not be published to. */
  public static void validate(String topic, TopicLimits limits) {
    if (topic == null || topic.isEmpty()) {
      throw new TopicException("topic name must not be empty");
    }
    checkCommon(topic, limits, "topic name");
    if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
      throw new TopicException("topic name must not contain wildcards: " + topic);
    }
  }

  /** True when {@link #validate} accepts the topic. */
  public static boolean isValid(String topic, TopicLimits limits) {
    try {
      validate(topic, limits);
      return true;
    } catch (TopicException e) {
      return false;
    }
  }

  static void checkCommon(String s, TopicLimits limits, String what) {
    if (!MqttUtf8.isWellFormed(s)) {
      throw new TopicException(what + " is not a well-formed MQTT UTF-8 string");
    }
    if (MqttUtf8.utf8Length(s) > limits.maxLength()) {
      throw new TopicException(what + " is longer than " + limits.maxLength() + " bytes");
    }
    int levels = 1;
    int levelStart = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '/') {
        if (MqttUtf8.utf8Length(s.subSequence(levelStart, i)) > limits.maxLevelLength()) {
          throw new TopicException(what + " has a level longer than " + limits.maxLevelLength() + " bytes");
        }
        if (i < s.length()) {
          levels++;
          levelStart = i + 1;
        }
      }
    }
    if (levels > limits.maxLevels()) {
      throw new TopicException(what + " has more than " + limits.maxLevels() + " levels");
    }
  }
}
