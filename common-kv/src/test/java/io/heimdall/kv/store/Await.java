package io.heimdall.kv.store;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes. */
final class Await {
    private Await() {
    }

    /** A condition that may fail while the cluster settles. */
    interface Condition {
        boolean holds() throws Exception;
    }

    static void until(String what, Duration timeout, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            } catch (Exception e) {
                // not yet: the condition may throw while the cluster settles
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            pause();
        }
    }

    /** Retries {@code call} until it returns without throwing, answering its result. */
    static <T> T retry(String what, Duration timeout, Callable<T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                return call.call();
            } catch (Exception e) {
                last = e;
            }
            pause();
        }
        throw new AssertionError("timed out after " + timeout + " retrying " + what, last);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
