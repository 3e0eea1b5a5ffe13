package io.heimdall.kv.balance;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Creates the balancer one store runs for one store name; found by fully qualified class name, so implementations
 * need a public no-arg constructor.
 */
public interface StoreBalancerFactory {
    /** A balancer for the store {@code localStoreId} of the KV cluster {@code storeName}, using the system clock. */
    StoreBalancer newBalancer(String storeName, String localStoreId);

    /**
     * A balancer whose time, randomness and epochs come from {@code context}; factories that make time- or
     * randomness-based decisions override this so those decisions can be replayed.
     */
    default StoreBalancer newBalancer(String storeName, String localStoreId, BalancerContext context) {
        return newBalancer(storeName, localStoreId);
    }

    /** The rules a new balancer starts with when the configuration names none. */
    JsonObject initialLoadRules();

    /**
     * The problems of {@code rules}, each phrased {@code <rule key>: <what is wrong>}; empty when they are valid.
     * Rules missing from {@code rules} take the value of {@link #initialLoadRules()}.
     */
    List<String> validate(JsonObject rules);
}
