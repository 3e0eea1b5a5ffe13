package io.heimdall.retain.store;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.common.message.MessageCodec;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodings of the retain.store coprocessor: commands and queries {@code [version][op][body]}, mutation outcomes
 * {@code [result][expiredRemoved]}, match answers, and the stored value {@code [version][message][publisher]}.
 */
public final class RetainStoreWire {
  /** Schema version of commands, queries and stored values. */
  public static final byte VERSION = 1;
  static final byte OP_RETAIN = 1;
  static final byte OP_GC = 2;
  static final byte OP_MATCH = 3;
  static final byte OP_COUNT = 4;

  private RetainStoreWire() {
  }

  /** A command that sets (or, with an empty payload, clears) the retained message of a topic. */
  public static byte[] retain(String tenantId, String topic, Message message, ClientInfo publisher, int topicLimit,
                              long nowMillis) {
    BufferWriter out = header(OP_RETAIN).writeString(tenantId).writeString(topic).writeInt(topicLimit)
      .writeLong(nowMillis);
    MessageCodec.write(out, message);
    MessageCodec.write(out, publisher);
    return out.buffer().getBytes();
  }

  /** A command that removes every message of the range that has expired at {@code nowMillis}. */
  public static byte[] gc(long nowMillis) {
    return header(OP_GC).writeLong(nowMillis).buffer().getBytes();
  }

  /** A query for at most {@code limit} unexpired retained messages matching a plain filter. */
  public static byte[] match(String tenantId, String filter, int limit, long nowMillis) {
    return header(OP_MATCH).writeString(tenantId).writeString(filter).writeInt(limit).writeLong(nowMillis)
      .buffer().getBytes();
  }

  /** A query for how many retained topics the tenant holds in the range. */
  public static byte[] count(String tenantId) {
    return header(OP_COUNT).writeString(tenantId).buffer().getBytes();
  }

  /** Decodes a count query's output. */
  public static int readCount(byte[] output) {
    return new BufferReader(Buffer.buffer(output)).readInt();
  }

  /** Decodes a mutation's output. */
  public static MutationOutcome readOutcome(byte[] output) {
    BufferReader in = new BufferReader(Buffer.buffer(output));
    return new MutationOutcome(RetainResult.fromWire(in.readByte()), in.readInt());
  }

  /** Appends retained messages in order. */
  public static void writeMessages(BufferWriter out, List<RetainedMessage> messages) {
    out.writeInt(messages.size());
    for (RetainedMessage m : messages) {
      out.writeString(m.topic());
      MessageCodec.write(out, m.message());
      MessageCodec.write(out, m.publisher());
    }
  }

  /** Reads messages written by {@link #writeMessages}. */
  public static List<RetainedMessage> readMessages(BufferReader in) {
    int n = in.readCount();
    List<RetainedMessage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new RetainedMessage(in.readString(), MessageCodec.readMessage(in), MessageCodec.readClientInfo(in)));
    }
    return out;
  }

  /** Decodes a match query's output. */
  public static List<RetainedMessage> readMatchResult(byte[] output) {
    return readMessages(new BufferReader(Buffer.buffer(output)));
  }

  static byte[] outcome(RetainResult result, int expiredRemoved) {
    return new BufferWriter().writeByte(result.ordinal()).writeInt(expiredRemoved).buffer().getBytes();
  }

  static byte[] matchResult(List<RetainedMessage> messages) {
    BufferWriter out = new BufferWriter();
    writeMessages(out, messages);
    return out.buffer().getBytes();
  }

  static byte[] value(Message message, ClientInfo publisher) {
    BufferWriter out = new BufferWriter().writeByte(VERSION);
    MessageCodec.write(out, message);
    MessageCodec.write(out, publisher);
    return out.buffer().getBytes();
  }

  static RetainedMessage readValue(String topic, byte[] value) {
    BufferReader in = new BufferReader(Buffer.buffer(value));
    byte version = in.readByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported retained value version " + version);
    }
    return new RetainedMessage(topic, MessageCodec.readMessage(in), MessageCodec.readClientInfo(in));
  }

  /** Reads the version and op of a command or query; fails on another schema version. */
  static byte readOp(BufferReader in) {
    byte version = in.readByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported retain.store schema version " + version);
    }
    return in.readByte();
  }

  static RetainCommand readRetain(BufferReader in) {
    String tenant = in.readString();
    String topic = in.readString();
    int limit = in.readInt();
    long now = in.readLong();
    Message message = MessageCodec.readMessage(in);
    ClientInfo publisher = MessageCodec.readClientInfo(in);
    return new RetainCommand(tenant, topic, message, publisher, limit, now);
  }

  static MatchQuery readMatch(BufferReader in) {
    return new MatchQuery(in.readString(), in.readString(), in.readInt(), in.readLong());
  }

  private static BufferWriter header(byte op) {
    return new BufferWriter().writeByte(VERSION).writeByte(op);
  }
}
