package io.heimdall.common.message;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/** Appends the compact binary encodings that {@link BufferReader} reads back. */
public final class BufferWriter {
  private final Buffer buffer;

  /** Writes into a fresh buffer. */
  public BufferWriter() {
    this(Buffer.buffer(64));
  }

  /** Appends to an existing buffer. */
  public BufferWriter(Buffer buffer) {
    this.buffer = buffer;
  }

  /** The buffer written so far. */
  public Buffer buffer() {
    return buffer;
  }

  /** Appends one byte. */
  public BufferWriter writeByte(int b) {
    buffer.appendByte((byte) b);
    return this;
  }

  /** Appends a boolean as one byte. */
  public BufferWriter writeBoolean(boolean b) {
    return writeByte(b ? 1 : 0);
  }

  /** Appends a four-byte int. */
  public BufferWriter writeInt(int v) {
    buffer.appendInt(v);
    return this;
  }

  /** Appends an eight-byte long. */
  public BufferWriter writeLong(long v) {
    buffer.appendLong(v);
    return this;
  }

  /** Appends a length-prefixed buffer (length -1 for null). */
  public BufferWriter writeBytes(Buffer b) {
    if (b == null) {
      return writeInt(-1);
    }
    buffer.appendInt(b.length()).appendBuffer(b);
    return this;
  }

  /** Appends a length-prefixed UTF-8 string (length -1 for null). */
  public BufferWriter writeString(String s) {
    if (s == null) {
      return writeInt(-1);
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes);
    return this;
  }
}
