package io.heimdall.common.topic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicMatcherTest {
  @Test
  void matchesTheSpecExamples() {
    assertThat(TopicMatcher.matches("sport/tennis/player1/#", "sport/tennis/player1")).isTrue();
    assertThat(TopicMatcher.matches("sport/tennis/player1/#", "sport/tennis/player1/ranking")).isTrue();
    assertThat(TopicMatcher.matches("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon")).isTrue();
    assertThat(TopicMatcher.matches("sport/#", "sport")).isTrue();
    assertThat(TopicMatcher.matches("sport/tennis/+", "sport/tennis/player1")).isTrue();
    assertThat(TopicMatcher.matches("sport/tennis/+", "sport/tennis/player1/ranking")).isFalse();
    assertThat(TopicMatcher.matches("sport/+", "sport")).isFalse();
    assertThat(TopicMatcher.matches("sport/+", "sport/")).isTrue();
    assertThat(TopicMatcher.matches("+/+", "/finance")).isTrue();
    assertThat(TopicMatcher.matches("/+", "/finance")).isTrue();
    assertThat(TopicMatcher.matches("+", "/finance")).isFalse();
    assertThat(TopicMatcher.matches("#", "a/b/c")).isTrue();
    assertThat(TopicMatcher.matches("+/#", "a")).isTrue();
    assertThat(TopicMatcher.matches("a/b", "a/b")).isTrue();
    assertThat(TopicMatcher.matches("a/b", "a/bc")).isFalse();
    assertThat(TopicMatcher.matches("a/bc", "a/b")).isFalse();
    assertThat(TopicMatcher.matches("a/b/#", "a/bc")).isFalse();
  }

  @Test
  void leadingWildcardsDoNotMatchDollarTopics() {
    assertThat(TopicMatcher.matches("#", "$SYS/monitor")).isFalse();
    assertThat(TopicMatcher.matches("+/monitor", "$SYS/monitor")).isFalse();
    assertThat(TopicMatcher.matches("$SYS/#", "$SYS/monitor")).isTrue();
    assertThat(TopicMatcher.matches("$SYS/monitor/+", "$SYS/monitor/Clients")).isTrue();
  }
}
