package io.heimdall.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds an MQTT 5 property block by hand for the raw test client. */
final class Mqtt5Props {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Mqtt5Props int4(int id, long value) {
    out.write(id);
    out.write((int) (value >>> 24));
    out.write((int) (value >>> 16));
    out.write((int) (value >>> 8));
    out.write((int) value);
    return this;
  }

  Mqtt5Props int2(int id, int value) {
    out.write(id);
    out.write(value >> 8);
    out.write(value & 0xFF);
    return this;
  }

  Mqtt5Props varInt(int id, int value) {
    out.write(id);
    writeVarInt(out, value);
    return this;
  }

  Mqtt5Props string(int id, String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    out.write(id);
    out.write(b.length >> 8);
    out.write(b.length & 0xFF);
    out.writeBytes(b);
    return this;
  }

  Mqtt5Props binary(int id, byte[] value) {
    out.write(id);
    out.write(value.length >> 8);
    out.write(value.length & 0xFF);
    out.writeBytes(value);
    return this;
  }

  /** The block with its length prefix. */
  byte[] encoded() {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    writeVarInt(block, out.size());
    block.writeBytes(out.toByteArray());
    return block.toByteArray();
  }

  static void writeVarInt(ByteArrayOutputStream out, int value) {
    do {
      int digit = value % 128;
      value /= 128;
      out.write(value > 0 ? digit | 0x80 : digit);
    } while (value > 0);
  }
}
