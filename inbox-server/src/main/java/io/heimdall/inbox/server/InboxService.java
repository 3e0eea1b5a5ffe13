package io.heimdall.inbox.server;

import io.heimdall.common.message.BrokerAddress;
import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.common.rpc.RpcHandler;
import io.heimdall.dist.client.InboxDeliverRequest;
import io.heimdall.inbox.client.InboxClient;
import io.heimdall.inbox.store.InboxKeys;
import io.heimdall.inbox.store.InboxStoreWire;
import io.heimdall.kv.client.KVStoreClient;
import io.heimdall.kv.client.RangeRoute;
import io.heimdall.kv.store.KVRangeException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Serves {@code inbox.server}: session commands of one inbox go to the range holding it; dist deliveries are
 * appended as one insert per range (its request id makes a client retry harmless), and the nodes of attached
 * sessions are told that messages arrived.
 */
final class InboxService implements RpcHandler {
  private static final Logger LOG = LoggerFactory.getLogger(InboxService.class);
  private static final long SIGNAL_TIMEOUT_MILLIS = 5_000;
  private static final int SIGNAL_ATTEMPTS = 3;
  private static final int MAX_REROUTES = 3;
  /** Keep a Raft entry well inside the store's log buffers (a dist batch carries up to 2048 messages). */
  private static final int MAX_INSERT_ITEMS = 128;
  private static final long MAX_INSERT_BYTES = 128 * 1024;
  /** Roughly what the publisher, properties and framing add to a message. */
  private static final int ITEM_OVERHEAD_BYTES = 300;

  private final KVStoreClient store;
  private final RpcClient rpc;

  InboxService(KVStoreClient store, RpcClient rpc) {
    this.store = store;
    this.rpc = rpc;
  }

  @Override
  public Future<Buffer> handle(Buffer request) {
    try {
      BufferReader in = new BufferReader(request);
      byte version = in.readByte();
      if (version != InboxDeliverRequest.VERSION) {
        return Future.failedFuture(new RpcException(ReplyCode.BAD_VERSION, "inbox schema " + version));
      }
      byte op = in.readByte();
      return switch (op) {
        case InboxDeliverRequest.OP_DELIVER -> typed(deliver(InboxDeliverRequest.decodeBody(in).items(), 0)
          .map(exists -> {
            // An item still moving after the retries counts as existing: its route must stay.
            return InboxDeliverRequest.reply(exists.stream().map(e -> e == null || e).toList());
          }));
        case InboxClient.OP_MUTATE, InboxClient.OP_QUERY -> session(InboxClient.SessionRequest.decodeBody(in),
          op == InboxClient.OP_MUTATE);
        default -> Future.failedFuture(new RpcException(ReplyCode.ERROR, "unknown inbox operation " + op));
      };
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new RpcException(ReplyCode.ERROR, "bad inbox request: " + e.getMessage()));
    }
  }

  private Future<Buffer> session(InboxClient.SessionRequest r, boolean mutation) {
    if (!InboxStoreWire.isSessionCommand(r.command(), mutation)) {
      throw new IllegalArgumentException("not a session command");
    }
    byte[] key = InboxKeys.meta(r.tenantId(), r.inboxId());
    Future<byte[]> call = mutation ? store.mutateCoProc(key, r.command()) : store.queryCoProc(key, r.command());
    return typed(call.map(out -> {
      if (out.length == 0) {
        throw new RpcException(ReplyCode.ERROR, "inbox.store refused the command");
      }
      return Buffer.buffer(out);
    }));
  }

  /**
   * Inserts the items, one batch per range; answers per item whether its inbox exists, null for an item whose
   * range changed under it again and again.
   */
  private Future<List<Boolean>> deliver(List<InboxDeliverRequest.Item> items, int attempt) {
    Map<RangeRoute, List<Integer>> byRange = new LinkedHashMap<>();
    List<Integer> unrouted = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      InboxDeliverRequest.Item item = items.get(i);
      byte[] key = InboxKeys.meta(item.tenantId(), item.inboxId());
      int index = i;
      store.routes().find(key).ifPresentOrElse(route -> byRange.computeIfAbsent(route, x -> new ArrayList<>())
        .add(index), () -> unrouted.add(index));
    }
    if (!unrouted.isEmpty()) {
      // No range known yet: the client routes by key and waits for one.
      byRange.put(null, unrouted);
    }
    Boolean[] exists = new Boolean[items.size()];
    Set<String> toWake = new HashSet<>();
    List<Future<Void>> inserts = new ArrayList<>();
    byRange.forEach((range, indexes) -> {
      // Chunks of one range go one after the other, so an inbox's messages keep their order.
      Future<Void> chain = Future.succeededFuture();
      int from = 0;
      while (from < indexes.size()) {
        int to = from;
        long bytes = 0;
        while (to < indexes.size() && to - from < MAX_INSERT_ITEMS && (to == from || bytes < MAX_INSERT_BYTES)) {
          InboxDeliverRequest.Item it = items.get(indexes.get(to++));
          bytes += it.message().payload().length() + it.topic().length() + ITEM_OVERHEAD_BYTES;
        }
        List<Integer> chunk = indexes.subList(from, to);
        chain = chain.compose(v -> insert(items, chunk, exists, toWake));
        from = to;
      }
      inserts.add(chain);
    });
    return Future.all(inserts).compose(all -> {
      toWake.forEach(this::signal);
      List<Integer> moved = new ArrayList<>();
      for (int i = 0; i < exists.length; i++) {
        if (exists[i] == null) {
          moved.add(i);
        }
      }
      if (moved.isEmpty() || attempt >= MAX_REROUTES) {
        return Future.succeededFuture(Arrays.asList(exists));
      }
      // A split or merge moved these inboxes since the batch was routed: route them again.
      return deliver(moved.stream().map(items::get).toList(), attempt + 1).map(again -> {
        for (int i = 0; i < moved.size(); i++) {
          exists[moved.get(i)] = again.get(i);
        }
        return Arrays.asList(exists);
      });
    });
  }

  /** One insert mutation for items of one range; records per item whether its inbox exists (null: moved). */
  private Future<Void> insert(List<InboxDeliverRequest.Item> items, List<Integer> indexes, Boolean[] exists,
                              Set<String> toWake) {
    List<InboxStoreWire.InsertItem> batch = new ArrayList<>(indexes.size());
    for (int i : indexes) {
      InboxDeliverRequest.Item it = items.get(i);
      batch.add(new InboxStoreWire.InsertItem(it.tenantId(), it.inboxId(), it.topic(), it.filters(), it.publisher(),
        it.message()));
    }
    InboxDeliverRequest.Item first = items.get(indexes.get(0));
    byte[] routeKey = InboxKeys.meta(first.tenantId(), first.inboxId());
    long requestId = ThreadLocalRandom.current().nextLong();
    return store.mutateCoProc(routeKey, InboxStoreWire.insert(requestId, batch)).map(out -> {
      List<InboxStoreWire.InsertResult> results = InboxStoreWire.readInsertResults(out);
      for (int j = 0; j < results.size(); j++) {
        InboxStoreWire.InsertResult result = results.get(j);
        InboxDeliverRequest.Item it = items.get(indexes.get(j));
        if (result.status() != InboxStoreWire.INSERT_MOVED) {
          exists[indexes.get(j)] = result.status() == InboxStoreWire.INSERT_OK;
        }
        if (!result.serverId().isEmpty()) {
          toWake.add(result.serverId() + '\u0000' + it.tenantId() + '\u0000' + it.inboxId());
        }
      }
      return null;
    });
  }

  private void signal(String target) {
    String[] parts = target.split("\u0000", 3);
    Buffer body = new BufferWriter().writeByte(BrokerAddress.VERSION).writeByte(BrokerAddress.OP_INBOX_SIGNAL)
      .writeString(parts[1]).writeString(parts[2]).buffer();
    wake(BrokerAddress.of(parts[0]), body, SIGNAL_ATTEMPTS);
  }

  /** A lost wake-up would leave the messages waiting for the next one, so a failed one is tried again. */
  private void wake(String address, Buffer body, int attemptsLeft) {
    rpc.call(address, body, SIGNAL_TIMEOUT_MILLIS).onFailure(e -> {
      if (e instanceof RpcException re && re.notDelivered() || attemptsLeft <= 1) {
        // Nobody serves that node: its sessions are detached by the store's gone-node check.
        LOG.debug("waking {} failed: {}", address, e.getMessage());
      } else {
        wake(address, body, attemptsLeft - 1);
      }
    });
  }

  private static Future<Buffer> typed(Future<Buffer> call) {
    return call.recover(e -> Future.failedFuture(e instanceof KVRangeException k ? toRpc(k) : e));
  }

  private static RpcException toRpc(KVRangeException e) {
    ReplyCode code = switch (e.code()) {
      case BACK_PRESSURE_REJECTED -> ReplyCode.BACK_PRESSURE_REJECTED;
      case BAD_REQUEST, ERROR -> ReplyCode.ERROR;
      default -> ReplyCode.TRY_LATER;
    };
    return new RpcException(code, "inbox.store: " + e.getMessage(), null, e);
  }
}
