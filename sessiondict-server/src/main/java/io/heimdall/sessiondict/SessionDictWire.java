package io.heimdall.sessiondict;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.MessageCodec;
import io.vertx.core.buffer.Buffer;

/** Request encodings of the session dict service: {@code [version][op][body]}. */
final class SessionDictWire {
  static final byte VERSION = 1;
  static final byte OP_REGISTER = 1;
  static final byte OP_UNREGISTER = 2;
  static final byte OP_GET = 3;
  static final byte OP_KICK = 4;

  private SessionDictWire() {
  }

  static Buffer register(ClientInfo owner) {
    BufferWriter out = header(OP_REGISTER);
    MessageCodec.write(out, owner);
    return out.buffer();
  }

  static Buffer unregister(String tenantId, String clientId, String channelId) {
    return header(OP_UNREGISTER).writeString(tenantId).writeString(clientId).writeString(channelId).buffer();
  }

  static Buffer get(String tenantId, String clientId) {
    return header(OP_GET).writeString(tenantId).writeString(clientId).buffer();
  }

  static Buffer kick(String tenantId, String clientId) {
    return header(OP_KICK).writeString(tenantId).writeString(clientId).buffer();
  }

  static Buffer encodeOwner(ClientInfo owner) {
    BufferWriter out = new BufferWriter();
    MessageCodec.write(out, owner);
    return out.buffer();
  }

  static ClientInfo decodeOwner(Buffer body) {
    return MessageCodec.readClientInfo(new BufferReader(body));
  }

  private static BufferWriter header(byte op) {
    return new BufferWriter().writeByte(VERSION).writeByte(op);
  }
}
