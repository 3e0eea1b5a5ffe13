package io.heimdall.common.message;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Binary encoding of messages and client infos for the event-bus hot path. */
public final class MessageCodec {
  private MessageCodec() {
  }

  /** Appends a message. */
  public static void write(BufferWriter out, Message m) {
    out.writeLong(m.messageId()).writeByte(m.qos()).writeBytes(m.payload()).writeLong(m.timestamp())
      .writeLong(m.expirySeconds()).writeBoolean(m.retain());
    MessageProperties p = m.properties();
    out.writeBoolean(p.payloadFormatUtf8()).writeString(p.contentType()).writeString(p.responseTopic())
      .writeBytes(p.correlationData()).writeInt(p.userProperties().size());
    for (UserProperty up : p.userProperties()) {
      out.writeString(up.key()).writeString(up.value());
    }
  }

  /** Reads a message written by {@link #write(BufferWriter, Message)}. */
  public static Message readMessage(BufferReader in) {
    long id = in.readLong();
    int qos = in.readByte();
    Buffer payload = in.readBytes();
    long ts = in.readLong();
    long expiry = in.readLong();
    boolean retain = in.readBoolean();
    boolean utf8 = in.readBoolean();
    String contentType = in.readString();
    String responseTopic = in.readString();
    Buffer correlation = in.readBytes();
    int n = in.readCount();
    List<UserProperty> ups = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ups.add(new UserProperty(in.readString(), in.readString()));
    }
    return new Message(id, qos, payload, ts, expiry, retain,
      new MessageProperties(utf8, contentType, responseTopic, correlation, ups));
  }

  /** Appends a client info. */
  public static void write(BufferWriter out, ClientInfo c) {
    out.writeString(c.tenantId()).writeString(c.type()).writeInt(c.metadata().size());
    c.metadata().forEach((k, v) -> out.writeString(k).writeString(v));
  }

  /** Reads a client info written by {@link #write(BufferWriter, ClientInfo)}. */
  public static ClientInfo readClientInfo(BufferReader in) {
    String tenant = in.readString();
    String type = in.readString();
    int n = in.readCount();
    Map<String, String> meta = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      meta.put(in.readString(), in.readString());
    }
    return new ClientInfo(tenant, type, meta);
  }
}
