package io.heimdall.retain.client;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.common.message.MessageCodec;
import io.heimdall.retain.store.RetainResult;
import io.heimdall.retain.store.RetainStoreWire;
import io.heimdall.retain.store.RetainedMessage;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/** Bodies of {@code retain.server} requests {@code [version][op][body]} and of their OK replies. */
public final class RetainWire {
  /** Schema version. */
  public static final byte VERSION = 1;
  /** Request: set or clear the retained message of a topic; the reply is one {@link RetainResult} byte. */
  public static final byte OP_RETAIN = 1;
  /** Request: the retained messages matching a filter; the reply is the messages. */
  public static final byte OP_MATCH = 2;

  private RetainWire() {
  }

  static Buffer retain(String tenantId, String topic, Message message, ClientInfo publisher, int topicLimit) {
    BufferWriter out = new BufferWriter().writeByte(VERSION).writeByte(OP_RETAIN).writeString(tenantId)
      .writeString(topic).writeInt(topicLimit);
    MessageCodec.write(out, message);
    MessageCodec.write(out, publisher);
    return out.buffer();
  }

  static Buffer match(String tenantId, String filter, int limit) {
    return new BufferWriter().writeByte(VERSION).writeByte(OP_MATCH).writeString(tenantId).writeString(filter)
      .writeInt(limit).buffer();
  }

  /** A decoded retain request. */
  public record RetainRequest(String tenantId, String topic, int topicLimit, Message message, ClientInfo publisher) {
  }

  /** A decoded match request. */
  public record MatchRequest(String tenantId, String filter, int limit) {
  }

  /** Reads a retain request body after its version and op. */
  public static RetainRequest readRetain(BufferReader in) {
    return new RetainRequest(in.readString(), in.readString(), in.readInt(), MessageCodec.readMessage(in),
      MessageCodec.readClientInfo(in));
  }

  /** Reads a match request body after its version and op. */
  public static MatchRequest readMatch(BufferReader in) {
    return new MatchRequest(in.readString(), in.readString(), in.readInt());
  }

  /** The OK reply to a retain request. */
  public static Buffer retainReply(RetainResult result) {
    return new BufferWriter().writeByte(result.ordinal()).buffer();
  }

  /** The OK reply to a match request. */
  public static Buffer matchReply(List<RetainedMessage> messages) {
    BufferWriter out = new BufferWriter();
    RetainStoreWire.writeMessages(out, messages);
    return out.buffer();
  }

  static RetainResult readRetainReply(Buffer reply) {
    return RetainResult.fromWire(new BufferReader(reply).readByte());
  }

  static List<RetainedMessage> readMatchReply(Buffer reply) {
    return RetainStoreWire.readMessages(new BufferReader(reply));
  }
}
