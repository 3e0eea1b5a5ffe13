package io.heimdall.retain.store;

import io.heimdall.kv.range.Boundary;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retain key layout: tenant-prefixed, order-preserving, scan prefixes of filters. */
class RetainKeysTest {
  @Test
  void keysAreTenantPrefixedAndParseBack() {
    byte[] key = RetainKeys.key("tenant", "a/b");
    assertThat(RetainKeys.tenant(key)).isEqualTo("tenant");
    assertThat(RetainKeys.topic(key)).isEqualTo("a/b");
    Boundary span = RetainKeys.tenantSpan("tenant");
    assertThat(span.contains(key)).isTrue();
    assertThat(span.contains(RetainKeys.key("tenant2", "a"))).isFalse();
    assertThat(span.contains(RetainKeys.key("tenan", "a"))).isFalse();
    assertThat(Boundary.compare(RetainKeys.key("t", "a/b"), RetainKeys.key("t", "a/c"))).isNegative();
  }

  @Test
  void scanPrefixIsTheLiteralPartOfTheFilter() {
    assertThat(text(RetainKeys.scanPrefix("t", "a/b/+"))).isEqualTo("t\u0000a/b/");
    assertThat(text(RetainKeys.scanPrefix("t", "a/#"))).isEqualTo("t\u0000a");
    assertThat(text(RetainKeys.scanPrefix("t", "+/x/#"))).isEqualTo("t\u0000");
    assertThat(text(RetainKeys.scanPrefix("t", "#"))).isEqualTo("t\u0000");
    assertThat(text(RetainKeys.scanPrefix("t", "a/+/#"))).isEqualTo("t\u0000a/");
  }

  @Test
  void refusesWhatTheLayoutCannotHold() {
    assertThatThrownBy(() -> RetainKeys.key("", "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetainKeys.key("t\u0000x", "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetainKeys.key("t", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetainKeys.topic("nosep".getBytes(StandardCharsets.UTF_8)))
      .isInstanceOf(IllegalArgumentException.class);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
