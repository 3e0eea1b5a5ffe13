package io.heimdall.kv.balance;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A clock the test moves by hand, and balancer contexts built on it with a fixed seed. */
public final class TestClock implements LongSupplier {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicLong hlc = new AtomicLong(1L << 40);

    @Override
    public long getAsLong() {
        return now.get();
    }

    public void advance(long millis) {
        now.addAndGet(millis);
    }

    public BalancerContext context(long seed) {
        return new BalancerContext(this, new Random(seed), hlc::incrementAndGet);
    }
}
