package io.heimdall.kv.raft;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.LoadHint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Recent load of one range replica, over a window of about ten seconds: accesses per second, latencies, and a
 * sample of accessed keys whose median halves the accesses.
 */
public final class RangeLoad {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int SAMPLE_SIZE = 256;
    private static final int MIN_SAMPLES_FOR_SPLIT = 16;

    private Window current = new Window(System.nanoTime());
    private Window previous;

    public synchronized void recordAccess(byte[] key) {
        Window w = window();
        w.accesses++;
        if (w.sample.size() < SAMPLE_SIZE) {
            w.sample.add(key);
        } else {
            // reservoir sampling keeps every access equally likely to be in the sample
            long slot = ThreadLocalRandom.current().nextLong(w.accesses);
            if (slot < SAMPLE_SIZE) {
                w.sample.set((int) slot, key);
            }
        }
    }

    public synchronized void recordLatency(long nanos) {
        Window w = window();
        w.latencyNanos += nanos;
        w.latencyCount++;
    }

    public synchronized void recordApply(long nanos) {
        Window w = window();
        w.ioNanos += nanos;
        w.ioCount++;
    }

    /** The hint for a range now spanning {@code boundary}. */
    public synchronized LoadHint hint(Boundary boundary) {
        Window w = window();
        Window basis = previous != null ? previous : w;
        double seconds = Math.max(1e-3, (System.nanoTime() - basis.start) / 1e9);
        long accesses = w.accesses + (previous != null ? previous.accesses : 0);
        long ioCount = w.ioCount + (previous != null ? previous.ioCount : 0);
        long ioNanos = w.ioNanos + (previous != null ? previous.ioNanos : 0);
        long latCount = w.latencyCount + (previous != null ? previous.latencyCount : 0);
        long latNanos = w.latencyNanos + (previous != null ? previous.latencyNanos : 0);
        return new LoadHint(accesses / seconds, ioCount == 0 ? 0 : ioNanos / ioCount,
            latCount == 0 ? 0 : latNanos / latCount, splitKey(boundary));
    }

    private byte[] splitKey(Boundary boundary) {
        List<byte[]> keys = new ArrayList<>(current.sample);
        if (previous != null) {
            keys.addAll(previous.sample);
        }
        keys.removeIf(k -> !boundary.contains(k));
        if (keys.size() < MIN_SAMPLES_FOR_SPLIT) {
            return null;
        }
        keys.sort(Boundary::compare);
        byte[] median = keys.get(keys.size() / 2);
        return boundary.isSplitKey(median) ? median : null;
    }

    private Window window() {
        long now = System.nanoTime();
        if (now - current.start > WINDOW_NANOS) {
            previous = current;
            current = new Window(now);
        }
        return current;
    }

    private static final class Window {
        final long start;
        final List<byte[]> sample = new ArrayList<>();
        long accesses;
        long latencyNanos;
        long latencyCount;
        long ioNanos;
        long ioCount;

        Window(long start) {
            this.start = start;
        }
    }
}
