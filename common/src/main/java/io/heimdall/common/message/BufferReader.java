package io.heimdall.common.message;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/** Reads the binary encodings of {@link BufferWriter} in order, failing clearly on truncated input. */
public final class BufferReader {
  private final Buffer buffer;
  private int pos;

  /** Starts reading at the beginning of the buffer. */
  public BufferReader(Buffer buffer) {
    this.buffer = buffer;
  }

  /** True while unread bytes remain. */
  public boolean hasMore() {
    return pos < buffer.length();
  }

  /** Reads one byte. */
  public byte readByte() {
    need(1);
    return buffer.getByte(pos++);
  }

  /** Reads a boolean written as one byte. */
  public boolean readBoolean() {
    return readByte() != 0;
  }

  /** Reads a four-byte int. */
  public int readInt() {
    need(4);
    int v = buffer.getInt(pos);
    pos += 4;
    return v;
  }

  /** Reads an eight-byte long. */
  public long readLong() {
    need(8);
    long v = buffer.getLong(pos);
    pos += 8;
    return v;
  }

  /** Reads a length-prefixed buffer; null when written as null. */
  public Buffer readBytes() {
    int len = readInt();
    if (len < 0) {
      return null;
    }
    need(len);
    Buffer out = buffer.getBuffer(pos, pos + len);
    pos += len;
    return out;
  }

  /** Reads a length-prefixed UTF-8 string; null when written as null. */
  public String readString() {
    int len = readInt();
    if (len < 0) {
      return null;
    }
    need(len);
    String s = buffer.getString(pos, pos + len, StandardCharsets.UTF_8.name());
    pos += len;
    return s;
  }

  /** Reads a collection size and checks it against what the remaining bytes could hold. */
  public int readCount() {
    int n = readInt();
    if (n < 0 || n > buffer.length() - pos) {
      throw new IllegalArgumentException("corrupt count " + n + " at offset " + (pos - 4));
    }
    return n;
  }

  private void need(int n) {
    if (n < 0 || pos + n > buffer.length()) {
      throw new IllegalArgumentException("truncated message: need " + n + " bytes at offset " + pos
        + " of " + buffer.length());
    }
  }
}
