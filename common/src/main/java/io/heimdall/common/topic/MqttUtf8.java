package io.heimdall.common.topic;

/** MQTT's rules for UTF-8 encoded strings (MQTT-1.5.4): no U+0000, no surrogates, well-formed. */
public final class MqttUtf8 {
  private MqttUtf8() {
  }

  /**
   * Tells whether a decoded string is a well-formed MQTT string. U+FFFD is refused too because
   * the packet decoder substitutes it for malformed byte sequences, which MQTT requires us to reject.
   */
  public static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u0000' || c == '\uFFFD') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Length of the string in UTF-8 bytes, without allocating. */
  public static int utf8Length(CharSequence s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
