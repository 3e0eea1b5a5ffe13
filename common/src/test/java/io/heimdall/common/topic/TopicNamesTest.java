package io.heimdall.common.topic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicNamesTest {
  private final TopicLimits limits = TopicLimits.DEFAULT;

  @Test
  void acceptsOrdinaryAndEdgeCaseTopics() {
    assertThat(TopicNames.isValid("a/b/c", limits)).isTrue();
    assertThat(TopicNames.isValid("/", limits)).isTrue();
    assertThat(TopicNames.isValid("a//b", limits)).isTrue();
    assertThat(TopicNames.isValid("$SYS/x", limits)).isTrue();
    assertThat(TopicNames.isValid("ünïcödé/😀", limits)).isTrue();
  }

  @Test
  void refusesWildcardsEmptyAndBadUtf8() {
    assertThatThrownBy(() -> TopicNames.validate("a/+", limits)).hasMessageContaining("wildcards");
    assertThatThrownBy(() -> TopicNames.validate("a/#", limits)).hasMessageContaining("wildcards");
    assertThatThrownBy(() -> TopicNames.validate("a+b", limits)).hasMessageContaining("wildcards");
    assertThatThrownBy(() -> TopicNames.validate("", limits)).hasMessageContaining("empty");
    assertThatThrownBy(() -> TopicNames.validate("a\u0000b", limits)).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> TopicNames.validate("a\uD800b", limits)).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> TopicNames.validate("a\uDC00", limits)).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> TopicNames.validate("bad\uFFFD", limits)).hasMessageContaining("UTF-8");
  }

  @Test
  void enforcesLevelAndLengthLimits() {
    TopicLimits small = new TopicLimits(3, 10, 4);
    assertThat(TopicNames.isValid("a/b/c", small)).isTrue();
    assertThatThrownBy(() -> TopicNames.validate("a/b/c/d", small)).hasMessageContaining("levels");
    assertThatThrownBy(() -> TopicNames.validate("abcde", small)).hasMessageContaining("level longer");
    assertThatThrownBy(() -> TopicNames.validate("abcd/abcd/a", small)).hasMessageContaining("longer than 10");
    // Length is counted in UTF-8 bytes: two 2-byte characters fill a 4-byte level, a third overflows it.
    assertThat(TopicNames.isValid("éé", small)).isTrue();
    assertThat(TopicNames.isValid("ééé", small)).isFalse();
  }

  @Test
  void countsUtf8BytesIncludingSurrogatePairs() {
    assertThat(MqttUtf8.utf8Length("a")).isEqualTo(1);
    assertThat(MqttUtf8.utf8Length("é")).isEqualTo(2);
    assertThat(MqttUtf8.utf8Length("€")).isEqualTo(3);
    assertThat(MqttUtf8.utf8Length("😀")).isEqualTo(4);
  }
}
