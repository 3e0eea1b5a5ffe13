package io.heimdall.common.topic;

import java.util.ArrayList;
import java.util.List;

/** Splits topics and filters into their levels; empty levels are kept, as MQTT requires. */
public final class TopicLevels {
  private TopicLevels() {
  }

  /** The levels of a topic or filter: "a//b" has three levels, "/" has two empty ones. */
  public static List<String> split(String topic) {
    List<String> levels = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < topic.length(); i++) {
      if (topic.charAt(i) == '/') {
        levels.add(topic.substring(start, i));
        start = i + 1;
      }
    }
    levels.add(topic.substring(start));
    return levels;
  }
}
