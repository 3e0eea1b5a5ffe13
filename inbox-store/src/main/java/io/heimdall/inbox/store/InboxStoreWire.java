package io.heimdall.inbox.store;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.common.message.MessageCodec;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/** Encodings of the inbox.store coprocessor's mutations, queries and outputs: {@code [version][op][body]}. */
public final class InboxStoreWire {
  static final byte VERSION = 1;
  static final byte OP_ATTACH = 1;
  static final byte OP_DETACH = 2;
  static final byte OP_DELETE = 3;
  static final byte OP_SUB = 4;
  static final byte OP_UNSUB = 5;
  static final byte OP_INSERT = 6;
  static final byte OP_COMMIT = 7;
  static final byte OP_GC = 8;
  static final byte OP_FETCH = 20;
  static final byte OP_DUE = 21;
  static final byte OP_EXISTS = 22;
  static final byte OP_ATTACHED = 23;

  /** Answer of an insert for an inbox that does not exist (any more). */
  public static final byte INSERT_NO_INBOX = 0;
  /** Answer of an insert that was queued (or already had been). */
  public static final byte INSERT_OK = 1;
  /** Answer of a subscribe past the inbox's filter limit. */
  public static final byte SUB_EXCEEDED = 2;
  /** Answer of an insert for an inbox outside the range (it split or merged since the batch was routed). */
  public static final byte INSERT_MOVED = 3;

  private InboxStoreWire() {
  }

  /** Attaching a session to its inbox, creating it when absent (or when clean start asks for a new one). */
  public record Attach(String tenantId, String inboxId, String channelId, String serverId, boolean cleanStart,
                       long expirySeconds, int limit, boolean qos0DropOldest, InboxWill will, ClientInfo client,
                       long nowMillis) {
  }

  /**
   * The inbox a session attached to: whether it existed, its subscriptions, where its queues resume, and the
   * filters of a previous inbox that clean start or expiry discarded (their routes must go).
   */
  public record AttachResult(boolean sessionPresent, List<InboxSubscription> subscriptions, long q0Commit,
                             long q1Commit, long q1Sent, List<Long> released, List<String> discardedFilters) {
  }

  /** One message for one inbox, as dist delivers it. */
  public record InsertItem(String tenantId, String inboxId, String topic, List<String> filters, ClientInfo publisher,
                           Message message) {
  }

  /** The outcome of one insert item: its status and the node to wake when the session is attached ("" if not). */
  public record InsertResult(byte status, String serverId) {
  }

  /** Messages read from both queues of an inbox; {@code exists} false when there is no such inbox. */
  public record FetchResult(boolean exists, List<InboxMessage> qos0, List<InboxMessage> qos12) {
  }

  /** An inbox the collector removed, with the filters whose routes must go too. */
  public record Expired(String tenantId, String inboxId, List<String> filters) {
  }

  /** A will that became due. */
  public record DueWill(String tenantId, String inboxId, InboxWill will) {
  }

  /** A session attached to its inbox, as the store last heard. */
  public record Attached(String tenantId, String inboxId, String channelId, String serverId, long expirySeconds) {
  }

  /** What one collection did. */
  public record GcResult(List<DueWill> wills, List<Expired> expired) {
  }

  public static byte[] attach(Attach a) {
    BufferWriter out = header(OP_ATTACH).writeString(a.tenantId()).writeString(a.inboxId())
      .writeString(a.channelId()).writeString(a.serverId()).writeBoolean(a.cleanStart()).writeLong(a.expirySeconds())
      .writeInt(a.limit()).writeBoolean(a.qos0DropOldest()).writeLong(a.nowMillis());
    MessageCodec.write(out, a.client());
    out.writeBoolean(a.will() != null);
    if (a.will() != null) {
      writeWill(out, a.will());
    }
    return bytes(out);
  }

  static Attach readAttach(BufferReader in) {
    String tenant = in.readString();
    String inbox = in.readString();
    String channel = in.readString();
    String server = in.readString();
    boolean clean = in.readBoolean();
    long expiry = in.readLong();
    int limit = in.readInt();
    boolean dropOldest = in.readBoolean();
    long now = in.readLong();
    ClientInfo client = MessageCodec.readClientInfo(in);
    InboxWill will = in.readBoolean() ? readWill(in) : null;
    return new Attach(tenant, inbox, channel, server, clean, expiry, limit, dropOldest, will, client, now);
  }

  static byte[] attachResult(AttachResult r) {
    BufferWriter out = new BufferWriter().writeBoolean(r.sessionPresent()).writeLong(r.q0Commit())
      .writeLong(r.q1Commit()).writeLong(r.q1Sent());
    writeLongs(out, r.released());
    out.writeInt(r.subscriptions().size());
    r.subscriptions().forEach(s -> writeSub(out, s));
    writeStrings(out, r.discardedFilters());
    return bytes(out);
  }

  public static AttachResult readAttachResult(byte[] output) {
    BufferReader in = reader(output);
    boolean present = in.readBoolean();
    long q0 = in.readLong();
    long q1 = in.readLong();
    long sent = in.readLong();
    List<Long> released = readLongs(in);
    int n = in.readCount();
    List<InboxSubscription> subs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      subs.add(readSub(in));
    }
    return new AttachResult(present, subs, q0, q1, sent, released, readStrings(in));
  }

  /**
   * Detaching the session on channel {@code channelId}, which had sent the QoS 1/2 messages below {@code q1Sent};
   * ignored when another channel attached since.
   */
  public static byte[] detach(String tenantId, String inboxId, String channelId, long expirySeconds, boolean keepWill,
                              long q1Sent, long nowMillis) {
    return bytes(header(OP_DETACH).writeString(tenantId).writeString(inboxId).writeString(channelId)
      .writeLong(expirySeconds).writeBoolean(keepWill).writeLong(q1Sent).writeLong(nowMillis));
  }

  public static byte[] delete(String tenantId, String inboxId) {
    return bytes(header(OP_DELETE).writeString(tenantId).writeString(inboxId));
  }

  /** Output of detach and delete: the filters of a removed inbox (none when it stays). */
  static byte[] filters(List<String> filters) {
    BufferWriter out = new BufferWriter().writeInt(filters.size());
    filters.forEach(out::writeString);
    return bytes(out);
  }

  public static List<String> readFilters(byte[] output) {
    return readStrings(reader(output));
  }

  public static byte[] subscribe(String tenantId, String inboxId, InboxSubscription sub, int maxFilters) {
    BufferWriter out = header(OP_SUB).writeString(tenantId).writeString(inboxId).writeInt(maxFilters);
    writeSub(out, sub);
    return bytes(out);
  }

  public static byte[] unsubscribe(String tenantId, String inboxId, String filter) {
    return bytes(header(OP_UNSUB).writeString(tenantId).writeString(inboxId).writeString(filter));
  }

  /** Output of subscribe and unsubscribe: a status byte. */
  public static byte readStatus(byte[] output) {
    return reader(output).readByte();
  }

  /** A batch of messages for inboxes of one range; {@code requestId} is the same when the batch is retried. */
  public static byte[] insert(long requestId, List<InsertItem> items) {
    BufferWriter out = header(OP_INSERT).writeLong(requestId).writeInt(items.size());
    for (InsertItem i : items) {
      out.writeString(i.tenantId()).writeString(i.inboxId()).writeString(i.topic());
      writeStrings(out, i.filters());
      MessageCodec.write(out, i.publisher());
      MessageCodec.write(out, i.message());
    }
    return bytes(out);
  }

  static List<InsertItem> readInsertItems(BufferReader in) {
    int n = in.readCount();
    List<InsertItem> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(new InsertItem(in.readString(), in.readString(), in.readString(), readStrings(in),
        MessageCodec.readClientInfo(in), MessageCodec.readMessage(in)));
    }
    return items;
  }

  static byte[] insertResults(List<InsertResult> results) {
    BufferWriter out = new BufferWriter().writeInt(results.size());
    results.forEach(r -> out.writeByte(r.status()).writeString(r.serverId()));
    return bytes(out);
  }

  public static List<InsertResult> readInsertResults(byte[] output) {
    BufferReader in = reader(output);
    int n = in.readCount();
    List<InsertResult> results = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      results.add(new InsertResult(in.readByte(), in.readString()));
    }
    return results;
  }

  /**
   * Acknowledges every message below {@code q0UpTo} and {@code q1UpTo} in the two queues, and records the QoS 2
   * messages at or above {@code q1UpTo} that the client answered with PUBREC.
   */
  public static byte[] commit(String tenantId, String inboxId, long q0UpTo, long q1UpTo, List<Long> released) {
    BufferWriter out = header(OP_COMMIT).writeString(tenantId).writeString(inboxId).writeLong(q0UpTo)
      .writeLong(q1UpTo);
    writeLongs(out, released);
    return bytes(out);
  }

  static List<Long> readLongs(BufferReader in) {
    int n = in.readCount();
    List<Long> longs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      longs.add(in.readLong());
    }
    return longs;
  }

  private static void writeLongs(BufferWriter out, List<Long> longs) {
    out.writeInt(longs.size());
    longs.forEach(out::writeLong);
  }

  public static byte[] gc(long nowMillis) {
    return bytes(header(OP_GC).writeLong(nowMillis));
  }

  static byte[] gcResult(GcResult r) {
    BufferWriter out = new BufferWriter().writeInt(r.wills().size());
    r.wills().forEach(w -> writeWill(out.writeString(w.tenantId()).writeString(w.inboxId()), w.will()));
    out.writeInt(r.expired().size());
    r.expired().forEach(e -> writeStrings(out.writeString(e.tenantId()).writeString(e.inboxId()), e.filters()));
    return bytes(out);
  }

  public static GcResult readGcResult(byte[] output) {
    BufferReader in = reader(output);
    int n = in.readCount();
    List<DueWill> wills = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      wills.add(new DueWill(in.readString(), in.readString(), readWill(in)));
    }
    int m = in.readCount();
    List<Expired> expired = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      expired.add(new Expired(in.readString(), in.readString(), readStrings(in)));
    }
    return new GcResult(wills, expired);
  }

  /** Reads up to {@code max} messages of each queue from the given sequence numbers on. */
  public static byte[] fetch(String tenantId, String inboxId, long q0From, long q1From, int max) {
    return bytes(header(OP_FETCH).writeString(tenantId).writeString(inboxId).writeLong(q0From).writeLong(q1From)
      .writeInt(max));
  }

  static byte[] fetchResult(FetchResult r) {
    BufferWriter out = new BufferWriter().writeBoolean(r.exists());
    writeMessages(out, r.qos0());
    writeMessages(out, r.qos12());
    return bytes(out);
  }

  public static FetchResult readFetchResult(byte[] output) {
    BufferReader in = reader(output);
    boolean exists = in.readBoolean();
    return new FetchResult(exists, readMessages(in), readMessages(in));
  }

  /** How many inboxes have a will or an expiry due at {@code nowMillis}; answered as an int. */
  public static byte[] due(long nowMillis) {
    return bytes(header(OP_DUE).writeLong(nowMillis));
  }

  /** Lists the attached sessions of a range, to find those whose node is gone. */
  public static byte[] attached() {
    return bytes(header(OP_ATTACHED));
  }

  static byte[] attachedResult(List<Attached> attached) {
    BufferWriter out = new BufferWriter().writeInt(attached.size());
    attached.forEach(a -> out.writeString(a.tenantId()).writeString(a.inboxId()).writeString(a.channelId())
      .writeString(a.serverId()).writeLong(a.expirySeconds()));
    return bytes(out);
  }

  public static List<Attached> readAttached(byte[] output) {
    BufferReader in = reader(output);
    int n = in.readCount();
    List<Attached> attached = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      attached.add(new Attached(in.readString(), in.readString(), in.readString(), in.readString(), in.readLong()));
    }
    return attached;
  }

  public static byte[] exists(String tenantId, String inboxId) {
    return bytes(header(OP_EXISTS).writeString(tenantId).writeString(inboxId));
  }

  public static int readInt(byte[] output) {
    return reader(output).readInt();
  }

  public static boolean readBoolean(byte[] output) {
    return reader(output).readBoolean();
  }

  /**
   * True when a session-facing service may pass this command on: the session operations, never inserts (they come
   * from dist with request ids), nor the leader's collection.
   */
  public static boolean isSessionCommand(byte[] command, boolean mutation) {
    if (command.length < 2 || command[0] != VERSION) {
      return false;
    }
    byte op = command[1];
    return mutation
      ? op == OP_ATTACH || op == OP_DETACH || op == OP_DELETE || op == OP_SUB || op == OP_UNSUB || op == OP_COMMIT
      : op == OP_FETCH || op == OP_EXISTS;
  }

  static void writeWill(BufferWriter out, InboxWill w) {
    out.writeString(w.topic()).writeLong(w.delaySeconds());
    MessageCodec.write(out, w.message());
    MessageCodec.write(out, w.publisher());
  }

  static InboxWill readWill(BufferReader in) {
    String topic = in.readString();
    long delay = in.readLong();
    Message m = MessageCodec.readMessage(in);
    return new InboxWill(topic, m, delay, MessageCodec.readClientInfo(in));
  }

  static void writeSub(BufferWriter out, InboxSubscription s) {
    out.writeString(s.filter()).writeByte(s.qos()).writeBoolean(s.noLocal()).writeBoolean(s.retainAsPublished())
      .writeInt(s.subscriptionId());
  }

  static InboxSubscription readSub(BufferReader in) {
    return new InboxSubscription(in.readString(), in.readByte(), in.readBoolean(), in.readBoolean(), in.readInt());
  }

  static byte[] storedMessage(String topic, List<String> filters, ClientInfo publisher, Message message) {
    BufferWriter out = new BufferWriter().writeString(topic);
    writeStrings(out, filters);
    MessageCodec.write(out, publisher);
    MessageCodec.write(out, message);
    return bytes(out);
  }

  static InboxMessage readStoredMessage(long seq, byte[] value) {
    BufferReader in = reader(value);
    return new InboxMessage(seq, in.readString(), readStrings(in), MessageCodec.readClientInfo(in),
      MessageCodec.readMessage(in));
  }

  private static void writeMessages(BufferWriter out, List<InboxMessage> messages) {
    out.writeInt(messages.size());
    for (InboxMessage m : messages) {
      out.writeLong(m.seq());
      out.writeBytes(Buffer.buffer(storedMessage(m.topic(), m.filters(), m.publisher(), m.message())));
    }
  }

  private static List<InboxMessage> readMessages(BufferReader in) {
    int n = in.readCount();
    List<InboxMessage> messages = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long seq = in.readLong();
      messages.add(readStoredMessage(seq, in.readBytes().getBytes()));
    }
    return messages;
  }

  private static void writeStrings(BufferWriter out, List<String> strings) {
    out.writeInt(strings.size());
    strings.forEach(out::writeString);
  }

  private static List<String> readStrings(BufferReader in) {
    int n = in.readCount();
    List<String> strings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      strings.add(in.readString());
    }
    return strings;
  }

  private static BufferWriter header(byte op) {
    return new BufferWriter().writeByte(VERSION).writeByte(op);
  }

  private static BufferReader reader(byte[] bytes) {
    return new BufferReader(Buffer.buffer(bytes));
  }

  private static byte[] bytes(BufferWriter out) {
    return out.buffer().getBytes();
  }
}
