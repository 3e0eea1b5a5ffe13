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

  Future<RetainResult> retain(String tenantId, String topic, Message message, ClientInfo publisher, int topicLimit) {
    byte[] command = RetainStoreWire.retain(tenantId, topic, message, publisher, topicLimit, clock.getAsLong());
    return client.mutateCoProc(RetainKeys.key(tenantId, topic), command)
      .map(out -> RetainStoreWire.readOutcome(out).result());
  }

  Future<List<RetainedMessage>> match(String tenantId, String filter, int limit) {
    Boundary span = RetainKeys.tenantSpan(tenantId);
    // Linearizable reads: a subscriber must see a message retained just before it subscribed.
    byte[] query = RetainStoreWire.match(tenantId, filter, limit, clock.getAsLong());
    List<Future<byte[]>> answers = new ArrayList<>();
    for (RangeRoute range : client.routes().routes()) {
      if (range.boundary().overlaps(span)) {
        byte[] start = range.boundary().start();
        byte[] key = start == null || Boundary.compare(start, span.start()) < 0 ? span.start() : start;
        answers.add(client.queryCoProc(key, query));
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
}
