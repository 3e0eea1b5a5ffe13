package io.heimdall.kv.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Settings of a {@link KVStoreClient}: the deadline of a whole call (retries included), the timeout of one attempt,
 * the backoff between attempts, and which store ids are local to this process (preferred for local reads).
 */
public record KVStoreClientOptions(Duration callTimeout,
                                   Duration attemptTimeout,
                                   Duration minBackoff,
                                   Duration maxBackoff,
                                   Supplier<Set<String>> localStores) {
    public KVStoreClientOptions {
        Objects.requireNonNull(localStores, "localStores");
        if (callTimeout.isNegative() || callTimeout.isZero() || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= min <= max");
        }
    }

    /** 10 s per call, 3 s per attempt, backoff from 20 ms up to 500 ms, no local stores. */
    public static KVStoreClientOptions defaults() {
        return new KVStoreClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMillis(20),
            Duration.ofMillis(500), Set::of);
    }

    public KVStoreClientOptions withCallTimeout(Duration timeout) {
        return new KVStoreClientOptions(timeout, attemptTimeout, minBackoff, maxBackoff, localStores);
    }

    public KVStoreClientOptions withLocalStores(Supplier<Set<String>> stores) {
        return new KVStoreClientOptions(callTimeout, attemptTimeout, minBackoff, maxBackoff, stores);
    }
}
