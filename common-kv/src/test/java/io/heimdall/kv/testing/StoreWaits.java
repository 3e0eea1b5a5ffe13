package io.heimdall.kv.testing;

import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.store.KVRangeStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Bounded waits that tests of services on a real store share: a range's leader, an operation's result. */
public final class StoreWaits {
    /** Generous: Raft elections are slow on a busy 2-core machine. */
    public static final long TIMEOUT_SECONDS = 60;

    private StoreWaits() {
    }

    /** Polls the store's descriptor until it leads {@code id}, and answers that replica's descriptor. */
    public static RangeDescriptor awaitLeader(KVRangeStore store, KVRangeId id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Optional<RangeDescriptor> leader = store.describe().ranges().stream()
                .filter(r -> r.id().equals(id) && r.role() == RaftRole.Leader).findFirst();
            if (leader.isPresent()) {
                return leader.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no leader of " + id + " within " + TIMEOUT_SECONDS + " s");
    }

    public static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
