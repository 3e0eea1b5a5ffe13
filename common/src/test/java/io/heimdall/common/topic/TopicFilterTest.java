package io.heimdall.common.topic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicFilterTest {
  private final TopicLimits limits = TopicLimits.DEFAULT;

  @Test
  void acceptsWildcardsInTheirPlaces() {
    for (String f : new String[] {"#", "+", "a/#", "a/+/b", "+/+", "/+", "+/", "a//#", "$SYS/#", "sport/tennis/+"}) {
      assertThat(TopicFilter.isValid(f, limits)).as(f).isTrue();
    }
  }

  @Test
  void refusesMisplacedWildcards() {
    for (String f : new String[] {"a#", "a/#/b", "#/", "a+", "+a", "a/b+/c", "##", "a/++"}) {
      assertThatThrownBy(() -> TopicFilter.parse(f, limits)).as(f).isInstanceOf(TopicException.class);
    }
    assertThatThrownBy(() -> TopicFilter.parse("", limits)).hasMessageContaining("empty");
    assertThatThrownBy(() -> TopicFilter.parse("a/\u0000", limits)).hasMessageContaining("UTF-8");
  }

  @Test
  void parsesSharedAndOrderedSharedSubscriptions() {
    TopicFilter shared = TopicFilter.parse("$share/g1/a/+", limits);
    assertThat(shared.share()).isEqualTo(TopicFilter.ShareKind.SHARED);
    assertThat(shared.group()).isEqualTo("g1");
    assertThat(shared.filter()).isEqualTo("a/+");
    assertThat(shared.hasWildcard()).isTrue();

    TopicFilter ordered = TopicFilter.parse("$oshare/g2/#", limits);
    assertThat(ordered.share()).isEqualTo(TopicFilter.ShareKind.ORDERED);
    assertThat(ordered.group()).isEqualTo("g2");
    assertThat(ordered.filter()).isEqualTo("#");

    TopicFilter plain = TopicFilter.parse("$shared/x", limits);
    assertThat(plain.isShared()).isFalse();
    assertThat(plain.filter()).isEqualTo("$shared/x");
  }

  @Test
  void refusesMalformedSharedSubscriptions() {
    for (String f : new String[] {"$share/", "$share/g", "$share/g/", "$share//a", "$share/g+/a", "$share/#/a",
      "$oshare/g", "$share/g/a#"}) {
      assertThatThrownBy(() -> TopicFilter.parse(f, limits)).as(f).isInstanceOf(TopicException.class);
    }
  }

  @Test
  void enforcesLimitsOnTheWholeFilter() {
    TopicLimits small = new TopicLimits(2, 255, 40);
    assertThat(TopicFilter.isValid("a/#", small)).isTrue();
    assertThat(TopicFilter.isValid("a/b/#", small)).isFalse();
  }
}
