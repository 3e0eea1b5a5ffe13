package io.heimdall.retain.store;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.kv.coproc.KVIterator;
import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.coproc.KVWriter;
import io.heimdall.kv.range.Boundary;
import io.vertx.core.buffer.Buffer;

import java.util.concurrent.CompletableFuture;

/**
 * The retain.store logic inside one range replica. Mutations set, clear and garbage-collect retained messages;
 * they take the time from the command, never from the clock, so every replica writes the same. Queries match a
 * filter against the range's topics, or count a tenant's topics in the range.
 */
final class RetainStoreCoProc implements KVRangeCoProc {
  private final RetainedTopicCounts counts = new RetainedTopicCounts();

  @Override
  public CompletableFuture<byte[]> query(byte[] input, KVReader reader) {
    try {
      BufferReader in = new BufferReader(Buffer.buffer(input));
      byte op = RetainStoreWire.readOp(in);
      if (op == RetainStoreWire.OP_MATCH) {
        return CompletableFuture.completedFuture(RetainStoreWire.matchResult(
          RetainMatcher.match(reader, RetainStoreWire.readMatch(in))));
      }
      if (op == RetainStoreWire.OP_COUNT) {
        int count = countOf(in.readString(), reader);
        return CompletableFuture.completedFuture(new BufferWriter().writeInt(count).buffer().getBytes());
      }
      throw new IllegalArgumentException("unsupported retain.store query " + op);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The count the mutations keep when known, else counted on the query's view without caching it. */
  private synchronized int countOf(String tenantId, KVReader reader) {
    return counts.known(tenantId).orElseGet(() -> RetainedTopicCounts.count(tenantId, reader));
  }

  @Override
  public synchronized byte[] mutate(byte[] input, KVReader reader, KVWriter writer) {
    BufferReader in = new BufferReader(Buffer.buffer(input));
    try {
      byte op = RetainStoreWire.readOp(in);
      if (op == RetainStoreWire.OP_RETAIN) {
        return retain(RetainStoreWire.readRetain(in), reader, writer);
      }
      if (op == RetainStoreWire.OP_GC) {
        long now = in.readLong();
        return RetainStoreWire.outcome(RetainResult.COLLECTED, collectExpired(reader.boundary(), now, reader, writer));
      }
      return RetainStoreWire.outcome(RetainResult.BAD_REQUEST, 0);
    } catch (RuntimeException e) {
      // Commands are read completely before anything is written, so a malformed one changes nothing;
      // failing the apply instead would stop the range on every replica.
      return RetainStoreWire.outcome(RetainResult.BAD_REQUEST, 0);
    }
  }

  private byte[] retain(RetainCommand c, KVReader reader, KVWriter writer) {
    byte[] key = RetainKeys.key(c.tenantId(), c.topic());
    if (!reader.boundary().contains(key) || c.topicLimit() < 0) {
      return RetainStoreWire.outcome(RetainResult.BAD_REQUEST, 0);
    }
    boolean exists = reader.exist(key);
    if (c.message().payload().length() == 0 || c.message().isExpired(c.nowMillis())) {
      if (exists) {
        writer.delete(key);
        counts.removed(c.tenantId());
      }
      return RetainStoreWire.outcome(RetainResult.CLEARED, 0);
    }
    int removed = 0;
    if (!exists && counts.of(c.tenantId(), reader) >= c.topicLimit()) {
      // Expired messages still count until collected: collect the tenant's before refusing.
      removed = collectExpired(RetainKeys.tenantSpan(c.tenantId()), c.nowMillis(), reader, writer);
      if (counts.of(c.tenantId(), reader) >= c.topicLimit()) {
        return RetainStoreWire.outcome(RetainResult.EXCEED_LIMIT, removed);
      }
    }
    writer.put(key, RetainStoreWire.value(c.message(), c.publisher()));
    if (!exists) {
      counts.added(c.tenantId());
    }
    return RetainStoreWire.outcome(RetainResult.RETAINED, removed);
  }

  private int collectExpired(Boundary span, long nowMillis, KVReader reader, KVWriter writer) {
    int removed = 0;
    try (KVIterator it = reader.iterator()) {
      if (span.start() == null) {
        it.seekToFirst();
      } else {
        it.seek(span.start());
      }
      for (; it.isValid() && span.contains(it.key()); it.next()) {
        byte[] key = it.key();
        if (isExpired(key, it.value(), nowMillis)) {
          writer.delete(key);
          counts.removed(RetainKeys.tenant(key));
          removed++;
        }
      }
    }
    return removed;
  }

  private static boolean isExpired(byte[] key, byte[] value, long nowMillis) {
    try {
      return RetainStoreWire.readValue(RetainKeys.topic(key), value).message().isExpired(nowMillis);
    } catch (IllegalArgumentException e) {
      // Unreadable by this version: keep it, a newer replica may understand it.
      return false;
    }
  }

  @Override
  public synchronized void reset(Boundary boundary) {
    counts.clear();
  }
}
