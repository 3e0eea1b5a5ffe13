package io.heimdall.mqtt;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SUBSCRIBE checks that happen before any route is written: bad filters, too many filters,
 * no-local on shared subscriptions. This broker runs without dist, so valid filters are refused
 * with 0x80: a subscription is acknowledged only once its route exists.
 */
class SubscribeValidationTest {
  private static TestBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(new JsonObject());
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
  }

  @Test
  void invalidFilterGets0x8FOnMqtt5And0x80OnMqtt311() throws Exception {
    try (RawMqttClient raw = connected(5, "sub5")) {
      raw.send(RawMqttClient.subscribe(5, 7, 1, "a/#/b", "x+"));
      assertThat(reasonCodes(raw.readPacket(), 5, 7)).containsExactly(0x8F, 0x8F);
    }
    try (RawMqttClient raw = connected(4, "sub311")) {
      raw.send(RawMqttClient.subscribe(4, 8, 1, "a/#/b"));
      assertThat(reasonCodes(raw.readPacket(), 4, 8)).containsExactly(0x80);
    }
  }

  @Test
  void filtersBeyondTheLimitGetQuotaExceededAndUnroutableOnesUnspecifiedError() throws Exception {
    String[] filters = new String[11];
    for (int i = 0; i < filters.length; i++) {
      filters[i] = "f/" + i;
    }
    try (RawMqttClient raw = connected(5, "many")) {
      raw.send(RawMqttClient.subscribe(5, 9, 0, filters));
      int[] codes = reasonCodes(raw.readPacket(), 5, 9);
      assertThat(Arrays.copyOf(codes, 10)).containsOnly(0x80);
      assertThat(codes[10]).isEqualTo(0x97);
    }
  }

  @Test
  void noLocalOnASharedSubscriptionIsAProtocolError() throws Exception {
    try (RawMqttClient raw = connected(5, "nolocal")) {
      raw.send(RawMqttClient.subscribe(5, 10, 0x04 | 1, "$share/g/a"));
      byte[] disconnect = raw.readPacket();
      assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
      assertThat(disconnect[1] & 0xFF).isEqualTo(0x82);
      assertThat(raw.closedByBroker()).isTrue();
    }
  }

  private static int[] reasonCodes(byte[] suback, int level, int packetId) {
    assertThat(suback[0]).isEqualTo((byte) 0x90);
    assertThat(((suback[1] & 0xFF) << 8) | (suback[2] & 0xFF)).isEqualTo(packetId);
    int offset = 3;
    if (level == 5) {
      offset += 1 + (suback[3] & 0xFF);
    }
    int[] codes = new int[suback.length - offset];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = suback[offset + i] & 0xFF;
    }
    return codes;
  }

  private static RawMqttClient connected(int level, String clientId) throws Exception {
    RawMqttClient raw = new RawMqttClient(broker.port);
    raw.send(RawMqttClient.connect(level, clientId, 60));
    assertThat(raw.readPacket()[0]).isEqualTo((byte) 0x20);
    return raw;
  }
}
