package io.heimdall.retain.server;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.kv.client.KVStoreClient;
import io.heimdall.kv.client.RangeRoute;
import io.heimdall.kv.range.Boundary;
import io.heimdall.retain.store.RetainKeys;
import io.heimdall.retain.store.RetainResult;
import io.heimdall.retain.store.RetainStoreWire;
import io.heimdall.retain.store.RetainedMessage;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Retained messages in the retain.store KV cluster: a retain is a coprocessor mutation in the range holding the
 * topic's key (setting the same message twice is harmless, so the client may retry it); matching asks every range
 * that overlaps the tenant's key span on its leader and joins the answers in key order.
 */
final class KVRetainStore {
  private final KVStoreClient client;
  private final LongSupplier clock;

  KVRetainStore(KVStoreClient client, LongSupplier clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The range holding the topic checks the limit against its own count; when the tenant spans several ranges, what
   * it holds in the others is subtracted first. Concurrent retains in different ranges may overshoot the limit by
   * the retains in flight: the limit is a quota, not a transaction.
   */
  Future<RetainResult> retain(String tenantId, String topic, Message message, ClientInfo publisher, int topicLimit) {
    byte[] key = RetainKeys.key(tenantId, topic);
    return heldElsewhere(tenantId, key).compose(held -> {
      byte[] command = RetainStoreWire.retain(tenantId, topic, message, publisher, Math.max(0, topicLimit - held),
        clock.getAsLong());
      return client.mutateCoProc(key, command);
    }).map(out -> RetainStoreWire.readOutcome(out).result());
  }

  /** How many retained topics the tenant holds in the ranges of its span that do not hold {@code key}. */
  private Future<Integer> heldElsewhere(String tenantId, byte[] key) {
    Boundary span = RetainKeys.tenantSpan(tenantId);
    byte[] query = RetainStoreWire.count(tenantId);
    List<Future<byte[]>> counts = new ArrayList<>();
    for (RangeRoute range : client.routes().routes()) {
      if (range.boundary().overlaps(span) && !range.boundary().contains(key)) {
        counts.add(client.queryCoProc(startWithin(range.boundary(), span), query));
      }
    }
    return Future.all(counts).map(all -> {
      int held = 0;
      for (int i = 0; i < all.size(); i++) {
        held += RetainStoreWire.readCount(all.<byte[]>resultAt(i));
      }
      return held;
    });
  }

  Future<List<RetainedMessage>> match(String tenantId, String filter, int limit) {
    Boundary span = RetainKeys.tenantSpan(tenantId);
    // Linearizable reads: a subscriber must see a message retained just before it subscribed.
    byte[] query = RetainStoreWire.match(tenantId, filter, limit, clock.getAsLong());
    List<Future<byte[]>> answers = new ArrayList<>();
    for (RangeRoute range : client.routes().routes()) {
      if (range.boundary().overlaps(span)) {
        answers.add(client.queryCoProc(startWithin(range.boundary(), span), query));
      }
    }
    if (answers.isEmpty()) {
      // No range known yet (the store is bootstrapping): route by key so the client waits for one.
      answers.add(client.queryCoProc(span.start(), query));
    }
    return Future.all(answers).map(all -> {
      List<RetainedMessage> out = new ArrayList<>();
      for (int i = 0; i < all.size() && out.size() < limit; i++) {
        for (RetainedMessage m : RetainStoreWire.readMatchResult(all.<byte[]>resultAt(i))) {
          if (out.size() == limit) {
            break;
          }
          out.add(m);
        }
      }
      return out;
    });
  }

  /** The first key of {@code range} inside {@code span}, which routes to that range. */
  private static byte[] startWithin(Boundary range, Boundary span) {
    byte[] start = range.start();
    return start == null || Boundary.compare(start, span.start()) < 0 ? span.start() : start;
  }
}
