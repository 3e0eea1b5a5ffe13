package io.heimdall.inbox.store;

import io.heimdall.common.message.BrokerAddress;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.common.message.Message;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.dist.client.DistClient;
import io.heimdall.dist.worker.Route;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.store.KVRangeStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The leader-side timer of inboxes: for every range this store leads it asks (a read) whether a will or an expiry
 * is due, and only then proposes a GC command carrying the leader's clock; the wills it took out are published
 * through dist.server and the routes of expired inboxes removed. Now and then it also looks for sessions attached
 * on a node that no longer answers (it crashed or restarted under a new id) and detaches them, so that their wills
 * and expiries run.
 */
public final class InboxCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InboxCollector.class);
  private static final int ORPHAN_CHECK_TICKS = 20;
  private static final long PROBE_TIMEOUT_MILLIS = 5_000;

  private final Vertx vertx;
  private final KVRangeStore store;
  private final DistClient dist;
  private final LongSupplier clock;
  private final long periodMillis;
  private final RpcClient rpc;
  private final Context context;
  private long timer = -1;
  private int ticks;
  private boolean running;

  /** A collector that runs every {@code period} once started. */
  public InboxCollector(Vertx vertx, KVRangeStore store, DistClient dist, Duration period, LongSupplier clock) {
    this.vertx = vertx;
    this.store = store;
    this.dist = dist;
    this.clock = clock;
    this.periodMillis = Math.max(1, period.toMillis());
    this.rpc = new RpcClient(vertx);
    this.context = vertx.getOrCreateContext();
  }

  /** Store futures complete on Ratis threads; dist and the counters here belong to the collector's context. */
  private <T> Future<T> onContext(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, context);
  }

  /** Starts the periodic collection. */
  public InboxCollector start() {
    timer = vertx.setPeriodic(periodMillis, id -> {
      if (running) {
        return;
      }
      running = true;
      boolean orphans = ++ticks % ORPHAN_CHECK_TICKS == 0;
      collect().compose(done -> orphans ? detachOrphans() : Future.succeededFuture(0)).onComplete(ar -> {
        running = false;
        if (ar.failed()) {
          LOG.warn("inbox collection failed: {}", ar.cause().getMessage());
        }
      });
    });
    return this;
  }

  /** Collects once in every range led here; answers what was collected. */
  public Future<List<InboxStoreWire.GcResult>> collect() {
    return vertx.executeBlocking(() -> store.describe().ranges(), false).compose(ranges -> {
      long now = clock.getAsLong();
      List<Future<InboxStoreWire.GcResult>> calls = new ArrayList<>();
      for (RangeDescriptor r : ranges) {
        if (r.role() == RaftRole.Leader && r.state() == RangeState.Normal) {
          calls.add(onContext(store.queryCoProc(r.ver(), r.id(), InboxStoreWire.due(now), false))
            .compose(due -> InboxStoreWire.readInt(due) == 0
              ? Future.succeededFuture(new InboxStoreWire.GcResult(List.of(), List.of()))
              : onContext(store.mutateCoProc(r.ver(), r.id(), InboxStoreWire.gc(now)))
                .map(InboxStoreWire::readGcResult).onSuccess(this::publish)));
        }
      }
      return Future.join(calls).map(all -> {
        List<InboxStoreWire.GcResult> done = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          if (all.succeeded(i)) {
            done.add(all.resultAt(i));
          }
        }
        return done;
      });
    });
  }

  /** Detaches the sessions of led ranges whose node has no mqtt.broker consumer any more; answers how many. */
  public Future<Integer> detachOrphans() {
    return vertx.executeBlocking(() -> store.describe().ranges(), false).compose(ranges -> {
      List<Future<Integer>> calls = new ArrayList<>();
      for (RangeDescriptor r : ranges) {
        if (r.role() == RaftRole.Leader && r.state() == RangeState.Normal) {
          calls.add(onContext(store.queryCoProc(r.ver(), r.id(), InboxStoreWire.attached(), false))
            .compose(out -> detachOrphans(r, InboxStoreWire.readAttached(out))));
        }
      }
      return sum(calls);
    });
  }

  private Future<Integer> detachOrphans(RangeDescriptor range, List<InboxStoreWire.Attached> attached) {
    Map<String, List<InboxStoreWire.Attached>> byNode = new LinkedHashMap<>();
    attached.forEach(a -> byNode.computeIfAbsent(a.serverId(), n -> new ArrayList<>()).add(a));
    List<Future<Integer>> probes = new ArrayList<>();
    byNode.forEach((node, sessions) -> {
      // One wake-up per node: harmless to a live one, and it tells a live node from a gone one.
      InboxStoreWire.Attached first = sessions.get(0);
      Buffer probe = new BufferWriter().writeByte(BrokerAddress.VERSION).writeByte(BrokerAddress.OP_INBOX_SIGNAL)
        .writeString(first.tenantId()).writeString(first.inboxId()).buffer();
      probes.add(rpc.call(BrokerAddress.of(node), probe, PROBE_TIMEOUT_MILLIS).map(0).recover(e ->
        e instanceof RpcException re && re.notDelivered() ? detach(range, node, sessions) : Future.succeededFuture(0)));
    });
    return sum(probes);
  }

  private Future<Integer> detach(RangeDescriptor range, String node, List<InboxStoreWire.Attached> sessions) {
    List<Future<Integer>> detaches = new ArrayList<>();
    for (InboxStoreWire.Attached a : sessions) {
      detaches.add(onContext(store.mutateCoProc(range.ver(), range.id(), InboxStoreWire.detach(
        a.tenantId(), a.inboxId(), a.channelId(), a.expirySeconds(), true, 0, clock.getAsLong()))).map(1));
    }
    return sum(detaches).onSuccess(n -> LOG.info("{} sessions of gone node {} detached", n, node));
  }

  private static Future<Integer> sum(List<Future<Integer>> counts) {
    return Future.join(counts).map(all -> {
      int total = 0;
      for (int i = 0; i < all.size(); i++) {
        total += all.succeeded(i) ? all.<Integer>resultAt(i) : 0;
      }
      return total;
    });
  }

  private void publish(InboxStoreWire.GcResult result) {
    for (InboxStoreWire.DueWill w : result.wills()) {
      // The will leaves with the time it is published, so its expiry counts from now.
      Message m = w.will().message();
      Message stamped = new Message(m.messageId(), m.qos(), m.payload(), clock.getAsLong(), m.expirySeconds(),
        m.retain(), m.properties());
      dist.pub(w.will().publisher(), w.will().topic(), stamped)
        .onSuccess(r -> LOG.debug("will of {}/{} published: {}", w.tenantId(), w.inboxId(), r));
    }
    for (InboxStoreWire.Expired e : result.expired()) {
      for (String filter : e.filters()) {
        dist.removeRoute(e.tenantId(), filter, Route.inboxReceiver(e.inboxId()))
          .onFailure(x -> LOG.debug("removing route {} of expired inbox {} failed", filter, e.inboxId()));
      }
    }
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
