package io.heimdall.common.hlc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hybrid logical clock: 48 bits of wall-clock milliseconds and 16 bits of logical counter in one long, monotonic
 * within the process and moved forward by timestamps seen from other nodes.
 */
public final class HLC {
    public static final HLC INST = new HLC();

    private static final int LOGICAL_BITS = 16;
    private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;

    private final AtomicLong last = new AtomicLong();

    /** A timestamp greater than every one this clock returned or saw before. */
    public long get() {
        long wall = System.currentTimeMillis() << LOGICAL_BITS;
        return last.updateAndGet(prev -> Math.max(prev + 1, wall));
    }

    /** Advances the clock past a timestamp from elsewhere and returns a fresh one. */
    public long update(long seen) {
        long wall = System.currentTimeMillis() << LOGICAL_BITS;
        return last.updateAndGet(prev -> Math.max(Math.max(prev, seen) + 1, wall));
    }

    public static long physicalMillis(long hlc) {
        return hlc >>> LOGICAL_BITS;
    }

    public static long logical(long hlc) {
        return hlc & LOGICAL_MASK;
    }
}
