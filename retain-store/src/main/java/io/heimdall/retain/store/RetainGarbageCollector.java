package io.heimdall.retain.store;

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
 * Periodically removes expired retained messages: for every range this store leads, it proposes a GC command
 * carrying the leader's clock, so the replicas delete the same messages.
 */
public final class RetainGarbageCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetainGarbageCollector.class);

  private final Vertx vertx;
  private final KVRangeStore store;
  private final LongSupplier clock;
  private final long periodMillis;
  private long timer = -1;

  /** A collector that runs every {@code period} once started. */
  public RetainGarbageCollector(Vertx vertx, KVRangeStore store, Duration period, LongSupplier clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.periodMillis = Math.max(1, period.toMillis());
  }

  /** Starts the periodic collection. */
  public RetainGarbageCollector start() {
    timer = vertx.setPeriodic(periodMillis, id -> collect()
      .onSuccess(n -> {
        if (n > 0) {
          LOG.debug("{} expired retained messages removed", n);
        }
      })
      .onFailure(e -> LOG.warn("retained message collection failed: {}", e.getMessage())));
    return this;
  }

  /** Collects once in every range led here; answers how many messages were removed. */
  public Future<Integer> collect() {
    // describing reads RocksDB estimates: not on the event loop
    return vertx.executeBlocking(() -> store.describe().ranges(), false).compose(ranges -> {
      long now = clock.getAsLong();
      List<Future<Integer>> calls = new ArrayList<>();
      for (RangeDescriptor r : ranges) {
        if (r.role() == RaftRole.Leader && r.state() == RangeState.Normal) {
          calls.add(Future.fromCompletionStage(store.mutateCoProc(r.ver(), r.id(), RetainStoreWire.gc(now)))
            .map(out -> RetainStoreWire.readOutcome(out).expiredRemoved()));
        }
      }
      return Future.join(calls).map(all -> {
        int removed = 0;
        for (int i = 0; i < all.size(); i++) {
          removed += all.succeeded(i) ? all.<Integer>resultAt(i) : 0;
        }
        return removed;
      });
    });
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
