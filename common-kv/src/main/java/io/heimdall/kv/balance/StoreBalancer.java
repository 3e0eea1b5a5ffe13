package io.heimdall.kv.balance;

import io.heimdall.kv.range.StoreDescriptor;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * One balancer of one store: it watches the landscape and proposes at most one command at a time. Every store
 * derives the same plan from the same landscape; a store only acts on the commands it must execute itself.
 * Instances are used from one thread at a time.
 */
public interface StoreBalancer {
    /** Replaces the rules; they have passed the factory's validation. */
    void update(JsonObject rules);

    /** Sees a new landscape: every store of this store name with its range replicas. */
    void update(Set<StoreDescriptor> landscape);

    /**
     * Sees a new landscape through a shared index; balancers that can reuse indexes computed once per landscape
     * (by every balancer of every store in the simulator) override this.
     */
    default void update(LandscapeView landscape) {
        update(landscape.storeSet());
    }

    /** The next step this balancer wants the local store to take. */
    BalanceResult balance();
}
