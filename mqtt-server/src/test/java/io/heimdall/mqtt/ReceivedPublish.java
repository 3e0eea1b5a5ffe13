package io.heimdall.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An MQTT 5 PUBLISH read by the raw test client, with its properties of interest decoded. */
record ReceivedPublish(int qos, boolean retain, String topic, int packetId, int topicAlias, List<Integer> subscriptionIds,
                       long expiry, String payload) {

  static ReceivedPublish parse(byte[] packet) {
    int header = packet[0] & 0xFF;
    if ((header & 0xF0) != 0x30) {
      throw new AssertionError("not a PUBLISH: " + Integer.toHexString(header));
    }
    int qos = (header >> 1) & 3;
    int pos = 1;
    int topicLen = ((packet[pos] & 0xFF) << 8) | (packet[pos + 1] & 0xFF);
    pos += 2;
    String topic = new String(packet, pos, topicLen, StandardCharsets.UTF_8);
    pos += topicLen;
    int packetId = 0;
    if (qos > 0) {
      packetId = ((packet[pos] & 0xFF) << 8) | (packet[pos + 1] & 0xFF);
      pos += 2;
    }
    int[] lenAndSize = varInt(packet, pos);
    pos += lenAndSize[1];
    int end = pos + lenAndSize[0];
    int alias = 0;
    long expiry = -1;
    List<Integer> subIds = new ArrayList<>();
    while (pos < end) {
      int id = packet[pos++] & 0xFF;
      switch (id) {
        case 0x23 -> {
          alias = ((packet[pos] & 0xFF) << 8) | (packet[pos + 1] & 0xFF);
          pos += 2;
        }
        case 0x0B -> {
          int[] v = varInt(packet, pos);
          subIds.add(v[0]);
          pos += v[1];
        }
        case 0x02 -> {
          expiry = ((long) (packet[pos] & 0xFF) << 24) | ((packet[pos + 1] & 0xFF) << 16)
            | ((packet[pos + 2] & 0xFF) << 8) | (packet[pos + 3] & 0xFF);
          pos += 4;
        }
        case 0x01 -> pos += 1;
        case 0x03, 0x08 -> pos += 2 + (((packet[pos] & 0xFF) << 8) | (packet[pos + 1] & 0xFF));
        case 0x09 -> pos += 2 + (((packet[pos] & 0xFF) << 8) | (packet[pos + 1] & 0xFF));
        case 0x26 -> {
          int k = ((packet[pos] & 0xFF) << 8) | (packet[pos + 1] & 0xFF);
          pos += 2 + k;
          int v = ((packet[pos] & 0xFF) << 8) | (packet[pos + 1] & 0xFF);
          pos += 2 + v;
        }
        default -> throw new AssertionError("unexpected property " + id);
      }
    }
    String payload = new String(packet, end, packet.length - end, StandardCharsets.UTF_8);
    return new ReceivedPublish(qos, (header & 1) == 1, topic, packetId, alias, subIds, expiry, payload);
  }

  private static int[] varInt(byte[] b, int pos) {
    int value = 0;
    int shift = 0;
    int size = 0;
    int digit;
    do {
      digit = b[pos + size] & 0xFF;
      value |= (digit & 0x7F) << shift;
      shift += 7;
      size++;
    } while ((digit & 0x80) != 0);
    return new int[] {value, size};
  }
}
