package io.heimdall.kv.balance.runtime;

import com.hazelcast.core.HazelcastInstance;
import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.config.ConfiguredBalancer;
import io.heimdall.kv.balance.controller.BalanceController;
import io.heimdall.kv.balance.controller.LandscapeSource;
import io.heimdall.kv.landscape.Landscape;
import io.heimdall.kv.store.KVRangeStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * Everything one store needs to balance itself in a cluster, in one call: its controller fed by the Hazelcast
 * landscape, and the runtime control of its balancers through {@code balancer.proposal/state.<storeName>}.
 */
public final class StoreBalancing implements AutoCloseable {
    /** Mean time between evaluations when nothing changes. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(5);

    private final BalanceController controller;
    private final BalancerRuntime runtime;

    private StoreBalancing(BalanceController controller, BalancerRuntime runtime) {
        this.controller = controller;
        this.runtime = runtime;
    }

    /**
     * Starts balancing {@code store}, which must have started; blocks on Hazelcast, so call it off the event loop.
     *
     * @param balancers what {@code BalancerConfig.parse} made of the store's {@code balanceConfig.balancers}
     */
    public static StoreBalancing start(HazelcastInstance hz, KVRangeStore store, Landscape landscape,
                                       List<ConfiguredBalancer> balancers, MeterRegistry meters, Duration retryDelay) {
        BalanceController controller = new BalanceController(store, LandscapeSource.of(landscape), balancers,
            BalancerContext.system(), meters, retryDelay).start();
        try {
            return new StoreBalancing(controller,
                new BalancerRuntime(hz, store.storeName(), store.id(), controller).start());
        } catch (RuntimeException e) {
            controller.close();
            throw e;
        }
    }

    public BalanceController controller() {
        return controller;
    }

    /** Stops balancing and withdraws the store's balancer state. */
    @Override
    public void close() {
        runtime.close();
        controller.close();
    }
}
