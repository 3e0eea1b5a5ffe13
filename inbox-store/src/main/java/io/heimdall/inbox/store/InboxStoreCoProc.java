package io.heimdall.inbox.store;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.message.Message;
import io.heimdall.kv.coproc.KVIterator;
import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.coproc.KVWriter;
import io.heimdall.kv.range.Boundary;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The inbox.store logic inside one range replica. Every mutation takes its time from the command, so replicas write
 * the same; retried mutations are harmless: attach recognises its own channel, inserts remember their request id,
 * commits only move forward.
 */
final class InboxStoreCoProc implements KVRangeCoProc {
  private final Supplier<KVReader> latestReader;
  private DueTimes dueTimes;

  InboxStoreCoProc(Supplier<KVReader> latestReader) {
    this.latestReader = latestReader;
  }

  @Override
  public synchronized CompletableFuture<byte[]> query(byte[] input, KVReader reader) {
    try {
      BufferReader in = new BufferReader(Buffer.buffer(input));
      byte op = readOp(in);
      return CompletableFuture.completedFuture(switch (op) {
        case InboxStoreWire.OP_FETCH -> fetch(in, reader);
        case InboxStoreWire.OP_DUE -> new BufferWriter().writeInt(dueTimes().countDue(in.readLong())).buffer()
          .getBytes();
        case InboxStoreWire.OP_ATTACHED -> InboxStoreWire.attachedResult(attached(reader));
        case InboxStoreWire.OP_EXISTS -> new BufferWriter()
          .writeBoolean(load(reader, in.readString(), in.readString()) != null).buffer().getBytes();
        default -> throw new IllegalArgumentException("unsupported inbox.store query " + op);
      });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public synchronized byte[] mutate(byte[] input, KVReader reader, KVWriter writer) {
    BufferReader in = new BufferReader(Buffer.buffer(input));
    // Commands are decoded completely before anything is written: a malformed one throws here and changes
    // nothing. Failing the apply instead would stop the range on every replica.
    byte op;
    try {
      op = readOp(in);
    } catch (RuntimeException e) {
      return new byte[0];
    }
    try {
      return switch (op) {
        case InboxStoreWire.OP_ATTACH -> attach(InboxStoreWire.readAttach(in), reader, writer);
        case InboxStoreWire.OP_DETACH -> detach(in.readString(), in.readString(), in.readString(), in.readLong(),
          in.readBoolean(), in.readLong(), in.readLong(), reader, writer);
        case InboxStoreWire.OP_DELETE -> {
          String tenant = in.readString();
          yield InboxStoreWire.filters(delete(tenant, in.readString(), reader, writer));
        }
        case InboxStoreWire.OP_SUB -> subscribe(in.readString(), in.readString(), in.readInt(),
          InboxStoreWire.readSub(in), reader, writer);
        case InboxStoreWire.OP_UNSUB -> unsubscribe(in.readString(), in.readString(), in.readString(), reader, writer);
        case InboxStoreWire.OP_INSERT -> insert(in.readLong(), InboxStoreWire.readInsertItems(in), reader, writer);
        case InboxStoreWire.OP_COMMIT -> commit(in.readString(), in.readString(), in.readLong(), in.readLong(),
          InboxStoreWire.readLongs(in), reader, writer);
        case InboxStoreWire.OP_GC -> InboxStoreWire.gcResult(collect(in.readLong(), reader, writer));
        default -> new byte[0];
      };
    } catch (RuntimeException e) {
      // The due times are rebuilt from the data on next use.
      dueTimes = null;
      return new byte[0];
    }
  }

  @Override
  public synchronized void reset(Boundary boundary) {
    dueTimes = null;
  }

  private DueTimes dueTimes() {
    if (dueTimes == null) {
      DueTimes built = new DueTimes();
      forEachInbox(latestReader.get(), (owner, meta) -> built.track(owner[0], owner[1], meta));
      dueTimes = built;
    }
    return dueTimes;
  }

  private static byte readOp(BufferReader in) {
    byte version = in.readByte();
    if (version != InboxStoreWire.VERSION) {
      throw new IllegalArgumentException("unknown inbox.store schema " + version);
    }
    return in.readByte();
  }

  private byte[] attach(InboxStoreWire.Attach a, KVReader reader, KVWriter writer) {
    byte[] metaKey = InboxKeys.meta(a.tenantId(), a.inboxId());
    requireInside(reader, metaKey);
    InboxMeta meta = load(reader, a.tenantId(), a.inboxId());
    boolean retriedCreation = meta != null && meta.createdBy.equals(a.channelId())
      && meta.channelId.equals(a.channelId());
    boolean expired = meta != null && !meta.attached && a.nowMillis() >= meta.expiresAt();
    List<String> discarded = List.of();
    boolean present;
    if (retriedCreation) {
      present = false;
    } else if (meta == null || a.cleanStart() || expired) {
      long incarnation = meta == null ? 1 : meta.incarnation + 1;
      if (meta != null) {
        discarded = delete(a.tenantId(), a.inboxId(), reader, writer);
      }
      meta = new InboxMeta();
      meta.incarnation = incarnation;
      meta.createdBy = a.channelId();
      present = false;
    } else {
      present = true;
    }
    meta.channelId = a.channelId();
    meta.serverId = a.serverId();
    meta.attached = true;
    meta.expirySeconds = a.expirySeconds();
    meta.lastActiveMillis = a.nowMillis();
    // A reconnect before the will delay ends cancels the old will (MQTT-3.1.3-9); the new CONNECT brings its own.
    meta.will = a.will();
    meta.limit = a.limit();
    meta.qos0DropOldest = a.qos0DropOldest();
    meta.client = a.client();
    writer.put(metaKey, meta.encode());
    dueTimes().track(a.tenantId(), a.inboxId(), meta);
    List<InboxSubscription> subs = present || retriedCreation ? subscriptions(reader, a.tenantId(), a.inboxId())
      : List.of();
    return InboxStoreWire.attachResult(new InboxStoreWire.AttachResult(present, subs, meta.q0Commit, meta.q1Commit,
      meta.q1Sent, List.copyOf(meta.released), discarded));
  }

  private byte[] detach(String tenant, String inbox, String channelId, long expirySeconds, boolean keepWill,
                        long q1Sent, long now, KVReader reader, KVWriter writer) {
    InboxMeta meta = load(reader, tenant, inbox);
    if (meta == null || !meta.channelId.equals(channelId)) {
      // A newer connection took the inbox over: this late detach must not touch it.
      return InboxStoreWire.filters(List.of());
    }
    if (expirySeconds == 0) {
      return InboxStoreWire.filters(delete(tenant, inbox, reader, writer));
    }
    meta.attached = false;
    meta.lastActiveMillis = now;
    meta.expirySeconds = expirySeconds;
    meta.will = keepWill ? meta.will : null;
    meta.q1Sent = Math.max(meta.q1Sent, Math.min(q1Sent, meta.q1Next));
    writer.put(InboxKeys.meta(tenant, inbox), meta.encode());
    dueTimes().track(tenant, inbox, meta);
    return InboxStoreWire.filters(List.of());
  }

  private List<String> delete(String tenant, String inbox, KVReader reader, KVWriter writer) {
    if (!reader.exist(InboxKeys.meta(tenant, inbox))) {
      return List.of();
    }
    List<String> filters = subscriptions(reader, tenant, inbox).stream().map(InboxSubscription::filter).toList();
    writer.clear(InboxKeys.inboxSpan(tenant, inbox));
    dueTimes().track(tenant, inbox, null);
    return filters;
  }

  private byte[] subscribe(String tenant, String inbox, int maxFilters, InboxSubscription sub, KVReader reader,
                           KVWriter writer) {
    if (load(reader, tenant, inbox) == null) {
      return status(InboxStoreWire.INSERT_NO_INBOX);
    }
    byte[] key = InboxKeys.sub(tenant, inbox, sub.filter());
    if (!reader.exist(key) && subscriptions(reader, tenant, inbox).size() >= maxFilters) {
      return status(InboxStoreWire.SUB_EXCEEDED);
    }
    io.heimdall.common.message.BufferWriter out = new BufferWriter();
    InboxStoreWire.writeSub(out, sub);
    writer.put(key, out.buffer().getBytes());
    return status(InboxStoreWire.INSERT_OK);
  }

  private byte[] unsubscribe(String tenant, String inbox, String filter, KVReader reader, KVWriter writer) {
    byte[] key = InboxKeys.sub(tenant, inbox, filter);
    if (!reader.exist(key)) {
      return status((byte) 0);
    }
    writer.delete(key);
    return status((byte) 1);
  }

  private byte[] insert(long requestId, List<InboxStoreWire.InsertItem> items, KVReader reader, KVWriter writer) {
    Map<String, InboxMeta> touched = new HashMap<>();
    Set<String> replayed = new HashSet<>();
    Set<String> missing = new HashSet<>();
    List<InboxStoreWire.InsertResult> results = new ArrayList<>(items.size());
    for (InboxStoreWire.InsertItem item : items) {
      String id = item.tenantId() + '\u0000' + item.inboxId();
      if (!reader.boundary().contains(InboxKeys.meta(item.tenantId(), item.inboxId()))) {
        results.add(new InboxStoreWire.InsertResult(InboxStoreWire.INSERT_MOVED, ""));
        continue;
      }
      if (missing.contains(id)) {
        results.add(new InboxStoreWire.InsertResult(InboxStoreWire.INSERT_NO_INBOX, ""));
        continue;
      }
      InboxMeta meta = touched.get(id);
      if (meta == null && !replayed.contains(id)) {
        meta = load(reader, item.tenantId(), item.inboxId());
        if (meta == null) {
          missing.add(id);
          results.add(new InboxStoreWire.InsertResult(InboxStoreWire.INSERT_NO_INBOX, ""));
          continue;
        }
        if (meta.insertSeen(requestId)) {
          replayed.add(id);
          meta = null;
        } else {
          touched.put(id, meta);
        }
      }
      if (meta == null) {
        results.add(new InboxStoreWire.InsertResult(InboxStoreWire.INSERT_OK, ""));
        continue;
      }
      enqueue(meta, item, reader, writer);
      results.add(new InboxStoreWire.InsertResult(InboxStoreWire.INSERT_OK, meta.attached ? meta.serverId : ""));
    }
    touched.forEach((id, meta) -> {
      meta.rememberInsert(requestId);
      String[] owner = id.split("\u0000", 2);
      writer.put(InboxKeys.meta(owner[0], owner[1]), meta.encode());
    });
    return InboxStoreWire.insertResults(results);
  }

  private static void enqueue(InboxMeta meta, InboxStoreWire.InsertItem item, KVReader reader, KVWriter writer) {
    int subQos = -1;
    for (String filter : item.filters()) {
      Optional<byte[]> sub = reader.get(InboxKeys.sub(item.tenantId(), item.inboxId(), filter));
      if (sub.isPresent()) {
        subQos = Math.max(subQos, InboxStoreWire.readSub(new BufferReader(Buffer.buffer(sub.get()))).qos());
      }
    }
    if (subQos < 0) {
      // A route left over from an unsubscribed filter: nothing to keep.
      return;
    }
    Message m = item.message();
    byte[] value = InboxStoreWire.storedMessage(item.topic(), item.filters(), item.publisher(), m);
    if (Math.min(m.qos(), subQos) == 0) {
      if (meta.q0Next - meta.q0Commit >= meta.limit) {
        meta.dropped++;
        if (!meta.qos0DropOldest) {
          return;
        }
        writer.delete(InboxKeys.message(item.tenantId(), item.inboxId(), InboxKeys.QOS0, meta.q0Commit++));
      }
      writer.put(InboxKeys.message(item.tenantId(), item.inboxId(), InboxKeys.QOS0, meta.q0Next++), value);
    } else {
      if (meta.q1Next - meta.q1Commit >= meta.limit) {
        // QoS 1/2 messages already accepted are never thrown away for newer ones.
        meta.dropped++;
        return;
      }
      writer.put(InboxKeys.message(item.tenantId(), item.inboxId(), InboxKeys.QOS12, meta.q1Next++), value);
    }
  }

  private byte[] commit(String tenant, String inbox, long q0UpTo, long q1UpTo, List<Long> released, KVReader reader,
                        KVWriter writer) {
    InboxMeta meta = load(reader, tenant, inbox);
    if (meta == null) {
      return status((byte) 0);
    }
    long q0 = Math.min(Math.max(meta.q0Commit, q0UpTo), meta.q0Next);
    long q1 = Math.min(Math.max(meta.q1Commit, q1UpTo), meta.q1Next);
    TreeSet<Long> nowReleased = new java.util.TreeSet<>();
    for (long seq : released) {
      if (seq >= q1 && seq < meta.q1Next) {
        nowReleased.add(seq);
      }
    }
    if (q0 == meta.q0Commit && q1 == meta.q1Commit && nowReleased.equals(meta.released)) {
      return status((byte) 1);
    }
    meta.released.clear();
    meta.released.addAll(nowReleased);
    writer.clear(new Boundary(InboxKeys.message(tenant, inbox, InboxKeys.QOS0, meta.q0Commit),
      InboxKeys.message(tenant, inbox, InboxKeys.QOS0, q0)));
    writer.clear(new Boundary(InboxKeys.message(tenant, inbox, InboxKeys.QOS12, meta.q1Commit),
      InboxKeys.message(tenant, inbox, InboxKeys.QOS12, q1)));
    meta.q0Commit = q0;
    meta.q1Commit = q1;
    writer.put(InboxKeys.meta(tenant, inbox), meta.encode());
    return status((byte) 1);
  }

  private InboxStoreWire.GcResult collect(long now, KVReader reader, KVWriter writer) {
    List<InboxStoreWire.DueWill> wills = new ArrayList<>();
    List<InboxStoreWire.Expired> expired = new ArrayList<>();
    forEachInbox(reader, (owner, meta) -> {
      if (meta.attached) {
        return;
      }
      boolean changed = false;
      if (meta.will != null && now >= meta.willDueAt()) {
        wills.add(new InboxStoreWire.DueWill(owner[0], owner[1], meta.will));
        meta.will = null;
        changed = true;
      }
      if (now >= meta.expiresAt()) {
        expired.add(new InboxStoreWire.Expired(owner[0], owner[1], delete(owner[0], owner[1], reader, writer)));
      } else if (changed) {
        writer.put(InboxKeys.meta(owner[0], owner[1]), meta.encode());
        dueTimes().track(owner[0], owner[1], meta);
      }
    });
    return new InboxStoreWire.GcResult(wills, expired);
  }

  private static List<InboxStoreWire.Attached> attached(KVReader reader) {
    List<InboxStoreWire.Attached> attached = new ArrayList<>();
    forEachInbox(reader, (owner, meta) -> {
      if (meta.attached) {
        attached.add(new InboxStoreWire.Attached(owner[0], owner[1], meta.channelId, meta.serverId,
          meta.expirySeconds));
      }
    });
    return attached;
  }

  private interface InboxVisitor {
    void visit(String[] owner, InboxMeta meta);
  }

  /** Visits the metadata of every inbox in the range, skipping over their messages with one seek per inbox. */
  private static void forEachInbox(KVReader reader, InboxVisitor visitor) {
    List<String[]> owners = new ArrayList<>();
    List<InboxMeta> metas = new ArrayList<>();
    try (KVIterator it = reader.iterator()) {
      it.seekToFirst();
      while (it.isValid()) {
        String[] owner;
        try {
          owner = InboxKeys.owner(it.key());
        } catch (IllegalArgumentException e) {
          it.next();
          continue;
        }
        if (Arrays.equals(it.key(), InboxKeys.meta(owner[0], owner[1]))) {
          owners.add(owner);
          metas.add(InboxMeta.decode(it.value()));
        }
        it.seek(InboxKeys.inboxSpan(owner[0], owner[1]).end());
      }
    }
    for (int i = 0; i < owners.size(); i++) {
      visitor.visit(owners.get(i), metas.get(i));
    }
  }

  private byte[] fetch(BufferReader in, KVReader reader) {
    String tenant = in.readString();
    String inbox = in.readString();
    long q0From = in.readLong();
    long q1From = in.readLong();
    int max = in.readInt();
    InboxMeta meta = load(reader, tenant, inbox);
    if (meta == null) {
      return InboxStoreWire.fetchResult(new InboxStoreWire.FetchResult(false, List.of(), List.of()));
    }
    return InboxStoreWire.fetchResult(new InboxStoreWire.FetchResult(true,
      read(reader, tenant, inbox, InboxKeys.QOS0, Math.max(q0From, meta.q0Commit), max),
      read(reader, tenant, inbox, InboxKeys.QOS12, Math.max(q1From, meta.q1Commit), max)));
  }

  private static List<InboxMessage> read(KVReader reader, String tenant, String inbox, byte queue, long from,
                                         int max) {
    List<InboxMessage> out = new ArrayList<>();
    byte[] end = InboxKeys.kindStart(tenant, inbox, (byte) (queue + 1));
    try (KVIterator it = reader.iterator()) {
      for (it.seek(InboxKeys.message(tenant, inbox, queue, from)); it.isValid() && out.size() < max
        && Boundary.compare(it.key(), end) < 0; it.next()) {
        out.add(InboxStoreWire.readStoredMessage(InboxKeys.seqOf(it.key()), it.value()));
      }
    }
    return out;
  }

  private static List<InboxSubscription> subscriptions(KVReader reader, String tenant, String inbox) {
    List<InboxSubscription> subs = new ArrayList<>();
    byte[] end = InboxKeys.kindStart(tenant, inbox, InboxKeys.QOS0);
    try (KVIterator it = reader.iterator()) {
      for (it.seek(InboxKeys.kindStart(tenant, inbox, InboxKeys.SUB)); it.isValid()
        && Boundary.compare(it.key(), end) < 0; it.next()) {
        subs.add(InboxStoreWire.readSub(new BufferReader(Buffer.buffer(it.value()))));
      }
    }
    return subs;
  }

  private static InboxMeta load(KVReader reader, String tenant, String inbox) {
    byte[] key = InboxKeys.meta(tenant, inbox);
    if (!reader.boundary().contains(key)) {
      return null;
    }
    return reader.get(key).map(InboxMeta::decode).orElse(null);
  }

  private static void requireInside(KVReader reader, byte[] key) {
    if (!reader.boundary().contains(key)) {
      throw new IllegalArgumentException("inbox outside this range");
    }
  }

  private static byte[] status(byte status) {
    return new byte[] {status};
  }
}
