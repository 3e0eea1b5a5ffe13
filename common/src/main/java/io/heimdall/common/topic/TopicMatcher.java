package io.heimdall.common.topic;

/** Matches topic names against plain (already un-shared) topic filters. */
public final class TopicMatcher {
  private TopicMatcher() {
  }

  /**
   * True when {@code topic} matches {@code filter}. Topics starting with '$' are not matched by a
   * filter whose first level is a wildcard (MQTT-4.7.2-1).
   */
  public static boolean matches(String filter, String topic) {
    if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
      return false;
    }
    int f = 0;
    int t = 0;
    while (f < filter.length()) {
      char fc = filter.charAt(f);
      if (fc == '#') {
        return true;
      }
      if (fc == '+') {
        while (t < topic.length() && topic.charAt(t) != '/') {
          t++;
        }
        f++;
      } else {
        if (t >= topic.length() || topic.charAt(t) != fc) {
          // "a/#" also matches the parent level "a".
          return t == topic.length() && filter.regionMatches(f, "/#", 0, 2) && f + 2 == filter.length();
        }
        f++;
        t++;
      }
    }
    return t == topic.length();
  }
}
