package io.heimdall.bench.kv;

import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.store.KVRangeStore;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Writes to one range as fast as a bounded number of requests in flight allows, for a fixed time: either single
 * puts (Ratis batches concurrent proposals into one log append) or explicit batches of keys per mutation.
 */
final class WriteLoad {
    /** What one run achieved. */
    record Result(long keys, long requests, long failures, double seconds, long p50Micros, long p99Micros) {
        double keysPerSecond() {
            return keys / seconds;
        }
    }

    private static final int MAX_SAMPLES = 1 << 20;

    private WriteLoad() {
    }

    /**
     * @param keysPerRequest 1 for single puts, more for one bulk mutation of that many keys
     * @param firstKey the key number to start at, so runs do not overwrite each other
     */
    static Result run(KVRangeStore leader, KVRangeId id, long ver, int inFlight, int keysPerRequest,
                      long firstKey, long millis, byte[] value) throws InterruptedException {
        Semaphore window = new Semaphore(inFlight);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLongArray latencies = new AtomicLongArray(MAX_SAMPLES);
        AtomicLong samples = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        long next = firstKey;
        while (System.nanoTime() < end) {
            window.acquire();
            long sent = System.nanoTime();
            CompletableFuture<byte[]> f = keysPerRequest == 1
                ? leader.put(ver, id, Keys.key(next), value)
                : leader.mutateCoProc(ver, id, BulkLoadCoProc.batch(next, keysPerRequest, value));
            next += keysPerRequest;
            f.whenComplete((r, e) -> {
                if (e == null) {
                    ok.incrementAndGet();
                    long n = samples.getAndIncrement();
                    if (n < MAX_SAMPLES) {
                        latencies.set((int) n, System.nanoTime() - sent);
                    }
                } else {
                    failed.incrementAndGet();
                }
                window.release();
            });
        }
        window.acquire(inFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = new long[(int) Math.min(samples.get(), MAX_SAMPLES)];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = latencies.get(i);
        }
        Arrays.sort(sorted);
        return new Result(ok.get() * keysPerRequest, ok.get(), failed.get(), seconds, percentile(sorted, 0.5),
            percentile(sorted, 0.99));
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1000;
    }
}
