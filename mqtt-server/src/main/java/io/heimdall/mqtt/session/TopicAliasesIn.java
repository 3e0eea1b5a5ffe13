package io.heimdall.mqtt.session;

import java.util.HashMap;
import java.util.Map;

/** The topic aliases a client set on its PUBLISH packets (MQTT 5), resolved to topic names. */
final class TopicAliasesIn {
  private final int maximum;
  private final Map<Integer, String> topics = new HashMap<>();

  TopicAliasesIn(int maximum) {
    this.maximum = maximum;
  }

  /** Outcome of resolving a PUBLISH's topic. */
  sealed interface Resolution {
  }

  /** The topic to use. */
  record Topic(String name) implements Resolution {
  }

  /** The alias is 0 or above our maximum (DISCONNECT 0x94). */
  record InvalidAlias(int alias) implements Resolution {
  }

  /** An empty topic with an alias never set (DISCONNECT 0x82). */
  record UnknownAlias(int alias) implements Resolution {
  }

  /** An empty topic without an alias (DISCONNECT 0x82, MQTT 5 section 3.3.2.3.4). */
  record MissingTopic() implements Resolution {
  }

  /** Resolves the topic of a PUBLISH with an optional alias (0 = none). */
  Resolution resolve(String topic, int alias) {
    if (alias == 0) {
      return topic == null || topic.isEmpty() ? new MissingTopic() : new Topic(topic);
    }
    if (alias < 0 || alias > maximum) {
      return new InvalidAlias(alias);
    }
    if (topic == null || topic.isEmpty()) {
      String known = topics.get(alias);
      return known == null ? new UnknownAlias(alias) : new Topic(known);
    }
    topics.put(alias, topic);
    return new Topic(topic);
  }
}
