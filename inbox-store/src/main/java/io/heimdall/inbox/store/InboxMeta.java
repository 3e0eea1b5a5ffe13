package io.heimdall.inbox.store;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.MessageCodec;
import io.vertx.core.buffer.Buffer;

import java.util.TreeSet;

/** The metadata of one inbox as stored under its meta key; loaded, changed and written back inside one mutation. */
final class InboxMeta {
  /** How many recent insert request ids are remembered to drop retried inserts. */
  static final int RECENT_INSERTS = 16;

  long incarnation;
  String channelId = "";
  String createdBy = "";
  String serverId = "";
  boolean attached;
  long expirySeconds;
  long lastActiveMillis;
  InboxWill will;
  int limit;
  boolean qos0DropOldest;
  long q0Commit;
  long q0Next;
  long q1Commit;
  long q1Next;
  /** QoS 1/2 messages below this were sent to the session before it detached: resent with DUP set. */
  long q1Sent;
  /** QoS 2 messages the client answered with PUBREC: after a reconnect they get PUBREL, not PUBLISH again. */
  final TreeSet<Long> released = new TreeSet<>();
  long dropped;
  ClientInfo client;
  final long[] recentInserts = new long[RECENT_INSERTS];

  boolean insertSeen(long requestId) {
    for (long id : recentInserts) {
      if (id == requestId) {
        return true;
      }
    }
    return false;
  }

  void rememberInsert(long requestId) {
    System.arraycopy(recentInserts, 0, recentInserts, 1, RECENT_INSERTS - 1);
    recentInserts[0] = requestId;
  }

  /** When the session ends if it stays away, in epoch milliseconds. */
  long expiresAt() {
    return lastActiveMillis + expirySeconds * 1000L;
  }

  /** When its will is due if it stays away: after min(will delay, session expiry) (MQTT-3.1.3-9). */
  long willDueAt() {
    return lastActiveMillis + Math.min(will.delaySeconds(), expirySeconds) * 1000L;
  }

  byte[] encode() {
    BufferWriter out = new BufferWriter().writeByte(1).writeLong(incarnation).writeString(channelId)
      .writeString(createdBy).writeString(serverId).writeBoolean(attached).writeLong(expirySeconds)
      .writeLong(lastActiveMillis).writeInt(limit).writeBoolean(qos0DropOldest).writeLong(q0Commit).writeLong(q0Next)
      .writeLong(q1Commit).writeLong(q1Next).writeLong(q1Sent).writeLong(dropped);
    MessageCodec.write(out, client);
    for (long id : recentInserts) {
      out.writeLong(id);
    }
    out.writeInt(released.size());
    released.forEach(out::writeLong);
    out.writeBoolean(will != null);
    if (will != null) {
      InboxStoreWire.writeWill(out, will);
    }
    return out.buffer().getBytes();
  }

  static InboxMeta decode(byte[] bytes) {
    BufferReader in = new BufferReader(Buffer.buffer(bytes));
    if (in.readByte() != 1) {
      throw new IllegalArgumentException("unknown inbox metadata version");
    }
    InboxMeta m = new InboxMeta();
    m.incarnation = in.readLong();
    m.channelId = in.readString();
    m.createdBy = in.readString();
    m.serverId = in.readString();
    m.attached = in.readBoolean();
    m.expirySeconds = in.readLong();
    m.lastActiveMillis = in.readLong();
    m.limit = in.readInt();
    m.qos0DropOldest = in.readBoolean();
    m.q0Commit = in.readLong();
    m.q0Next = in.readLong();
    m.q1Commit = in.readLong();
    m.q1Next = in.readLong();
    m.q1Sent = in.readLong();
    m.dropped = in.readLong();
    m.client = MessageCodec.readClientInfo(in);
    for (int i = 0; i < RECENT_INSERTS; i++) {
      m.recentInserts[i] = in.readLong();
    }
    int releasedCount = in.readCount();
    for (int i = 0; i < releasedCount; i++) {
      m.released.add(in.readLong());
    }
    m.will = in.readBoolean() ? InboxStoreWire.readWill(in) : null;
    return m;
  }
}
