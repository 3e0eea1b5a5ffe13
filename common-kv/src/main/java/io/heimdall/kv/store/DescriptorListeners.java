package io.heimdall.kv.store;

import io.heimdall.kv.range.StoreDescriptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells subscribers about a store's descriptor on its own thread: soon after each change (bursts coalesce into one
 * call) and on a slower tick for statistics alone.
 */
final class DescriptorListeners {
    private static final Logger LOG = LoggerFactory.getLogger(DescriptorListeners.class);
    private static final long COALESCE_MILLIS = 20;

    private final List<Consumer<StoreDescriptor>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService scheduler;
    private final Supplier<StoreDescriptor> describe;

    DescriptorListeners(ScheduledExecutorService scheduler, Supplier<StoreDescriptor> describe) {
        this.scheduler = scheduler;
        this.describe = describe;
    }

    AutoCloseable add(Consumer<StoreDescriptor> listener) {
        listeners.add(listener);
        changed();
        return () -> listeners.remove(listener);
    }

    /** Something in the descriptor changed. */
    void changed() {
        if (pending.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::fire, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false);
            }
        }
    }

    void fire() {
        pending.set(false);
        if (listeners.isEmpty()) {
            return;
        }
        StoreDescriptor d;
        try {
            d = describe.get();
        } catch (RuntimeException e) {
            LOG.debug("cannot describe store now", e);
            return;
        }
        for (Consumer<StoreDescriptor> l : listeners) {
            try {
                l.accept(d);
            } catch (RuntimeException e) {
                LOG.warn("descriptor listener failed", e);
            }
        }
    }
}
