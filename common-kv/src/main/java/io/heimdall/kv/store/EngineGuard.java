package io.heimdall.kv.store;

import java.util.concurrent.TimeUnit;

/**
 * Keeps RocksDB open while store-level readers use it: closing waits (bounded) for reads in flight, and no read
 * starts once closing began. Touching a closed RocksDB would crash the JVM, not just fail.
 */
final class EngineGuard {
    private int inFlight;
    private boolean closing;

    /** False when the store is closing; otherwise the caller must {@link #exit()} when done. */
    synchronized boolean enter() {
        if (closing) {
            return false;
        }
        inFlight++;
        return true;
    }

    synchronized void exit() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
        }
    }

    /** Refuses new readers and waits up to {@code timeoutMillis} for the current ones. */
    synchronized void closeAndAwait(long timeoutMillis) {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (inFlight > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
