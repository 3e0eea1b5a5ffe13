package io.heimdall.inbox.store;

import io.heimdall.dist.client.DistClient;
import io.heimdall.dist.worker.Route;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.store.KVRangeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The leader-side timer of inboxes: for every range this store leads it asks (a read) whether a will or an expiry
 * is due, and only then proposes a GC command carrying the leader's clock; the wills it took out are published
 * through dist.server and the routes of expired inboxes removed.
 */
public final class InboxCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InboxCollector.class);

  private final Vertx vertx;
  private final KVRangeStore store;
  private final DistClient dist;
  private final LongSupplier clock;
  private final long periodMillis;
  private long timer = -1;
  private boolean running;

  /** A collector that runs every {@code period} once started. */
  public InboxCollector(Vertx vertx, KVRangeStore store, DistClient dist, Duration period, LongSupplier clock) {
    this.vertx = vertx;
    this.store = store;
    this.dist = dist;
    this.clock = clock;
    this.periodMillis = Math.max(1, period.toMillis());
  }

  /** Starts the periodic collection. */
  public InboxCollector start() {
    timer = vertx.setPeriodic(periodMillis, id -> {
      if (running) {
        return;
      }
      running = true;
      collect().onComplete(ar -> {
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
          calls.add(Future.fromCompletionStage(store.queryCoProc(r.ver(), r.id(), InboxStoreWire.due(now), false))
            .compose(due -> InboxStoreWire.readInt(due) == 0
              ? Future.succeededFuture(new InboxStoreWire.GcResult(List.of(), List.of()))
              : Future.fromCompletionStage(store.mutateCoProc(r.ver(), r.id(), InboxStoreWire.gc(now)))
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

  private void publish(InboxStoreWire.GcResult result) {
    for (InboxStoreWire.DueWill w : result.wills()) {
      // The will leaves with the time it is published, so its expiry counts from now.
      var m = w.will().message();
      var stamped = new io.heimdall.common.message.Message(m.messageId(), m.qos(), m.payload(), clock.getAsLong(),
        m.expirySeconds(), m.retain(), m.properties());
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
