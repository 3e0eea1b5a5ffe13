package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Creates {@link RangeMergeBalancer}s; rules {@code maxIODensityToMerge} (default 1), {@code maxDataSizeToMerge}
 * (bytes, default 16 MiB) and {@code coldMillis} (default 300000).
 */
public final class RangeMergeBalancerFactory implements StoreBalancerFactory {
    static final String MAX_IO_DENSITY = "maxIODensityToMerge";
    static final String MAX_DATA_SIZE = "maxDataSizeToMerge";
    static final String COLD_MILLIS = "coldMillis";
    static final JsonObject DEFAULTS = new JsonObject().put(MAX_IO_DENSITY, 1.0)
        .put(MAX_DATA_SIZE, 16L * 1024 * 1024).put(COLD_MILLIS, 300_000L);

    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId) {
        return newBalancer(storeName, localStoreId, BalancerContext.system());
    }

    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId, BalancerContext context) {
        return new RangeMergeBalancer(storeName, localStoreId, context, initialLoadRules());
    }

    @Override
    public JsonObject initialLoadRules() {
        return DEFAULTS.copy();
    }

    @Override
    public List<String> validate(JsonObject rules) {
        return new RuleChecker(rules, Set.of(MAX_IO_DENSITY, MAX_DATA_SIZE, COLD_MILLIS))
            .number(MAX_IO_DENSITY, v -> v >= 0, "must be >= 0")
            .number(MAX_DATA_SIZE, v -> v >= 0, "must be >= 0")
            .whole(COLD_MILLIS, v -> v >= 0, "must be a whole number >= 0")
            .problems();
    }
}
