package io.heimdall.common.settings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingTest {
  @AfterEach
  void clearOverrides() {
    System.clearProperty("MaxTopicLevels");
    System.clearProperty("RetainEnabled");
  }

  @Test
  void referenceDefaults() {
    assertThat(Setting.SessionInboxSize.initialValue()).isEqualTo(1000);
    assertThat(Setting.ReceivingMaximum.initialValue()).isEqualTo(200);
    assertThat(Setting.MaxTopicLevels.initialValue()).isEqualTo(16);
    assertThat(Setting.MaxTopicLength.initialValue()).isEqualTo(255);
    assertThat(Setting.MaxUserPayloadBytes.initialValue()).isEqualTo(256 * 1024);
    assertThat(Setting.MaxTopicAlias.initialValue()).isEqualTo(10);
    assertThat(Setting.MinSessionExpirySeconds.initialValue()).isEqualTo(60);
    assertThat(Setting.MaxSessionExpirySeconds.initialValue()).isEqualTo(86400);
    assertThat(Setting.RetainMessageMatchLimit.initialValue()).isEqualTo(10);
  }

  @Test
  void systemPropertyOverridesTheDefault() {
    System.setProperty("MaxTopicLevels", "8");
    System.setProperty("RetainEnabled", "false");
    assertThat(Setting.MaxTopicLevels.initialValue()).isEqualTo(8);
    assertThat(Setting.RetainEnabled.initialValue()).isEqualTo(false);
  }

  @Test
  void badOverridesFailWithTheirName() {
    System.setProperty("MaxTopicLevels", "many");
    assertThatThrownBy(Setting::validateOverrides).hasMessageContaining("MaxTopicLevels=many");
    System.setProperty("MaxTopicLevels", "0");
    assertThatThrownBy(Setting.MaxTopicLevels::initialValue).hasMessageContaining("out of range");
    System.clearProperty("MaxTopicLevels");
    System.setProperty("RetainEnabled", "yes");
    assertThatThrownBy(Setting.RetainEnabled::initialValue).hasMessageContaining("RetainEnabled=yes");
  }

  @Test
  void validatesTypeAndRange() {
    assertThat(Setting.MaximumQoS.isValid(2)).isTrue();
    assertThat(Setting.MaximumQoS.isValid(3)).isFalse();
    assertThat(Setting.MaximumQoS.isValid("2")).isFalse();
    assertThat(Setting.InBoundBandWidth.isValid(5L)).isTrue();
  }
}
