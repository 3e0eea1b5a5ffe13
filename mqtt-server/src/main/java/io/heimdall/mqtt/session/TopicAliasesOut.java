package io.heimdall.mqtt.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Topic aliases the broker assigns on outbound PUBLISH (MQTT 5) when the client allows them;
 * the least recently used alias is reassigned when all are taken.
 */
final class TopicAliasesOut {
  private final int maximum;
  private final LinkedHashMap<String, Integer> aliases = new LinkedHashMap<>(16, 0.75f, true);

  TopicAliasesOut(int maximum) {
    this.maximum = maximum;
  }

  /**
   * The alias to send with a topic.
   *
   * @param alias     the alias, 0 when aliases are off
   * @param sendTopic whether the topic name must be sent too (first use of the alias)
   */
  record Assignment(int alias, boolean sendTopic) {
  }

  Assignment assign(String topic) {
    if (maximum == 0) {
      return new Assignment(0, true);
    }
    Integer known = aliases.get(topic);
    if (known != null) {
      return new Assignment(known, false);
    }
    int alias;
    if (aliases.size() < maximum) {
      alias = aliases.size() + 1;
    } else {
      Map.Entry<String, Integer> eldest = aliases.entrySet().iterator().next();
      alias = eldest.getValue();
      aliases.remove(eldest.getKey());
    }
    aliases.put(topic, alias);
    return new Assignment(alias, true);
  }
}
