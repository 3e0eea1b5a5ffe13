package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Creates {@link RangeSplitBalancer}s; rules with the reference defaults: {@code maxCpuUsagePerRange} 0.8,
 * {@code maxIODensityPerRange} 100, {@code ioNanosLimitPerRange} 30000, {@code maxRangesPerStore} 30.
 */
public final class RangeSplitBalancerFactory implements StoreBalancerFactory {
    static final String MAX_CPU = "maxCpuUsagePerRange";
    static final String MAX_IO_DENSITY = "maxIODensityPerRange";
    static final String IO_NANOS_LIMIT = "ioNanosLimitPerRange";
    static final String MAX_RANGES = "maxRangesPerStore";
    static final JsonObject DEFAULTS = new JsonObject().put(MAX_CPU, 0.8).put(MAX_IO_DENSITY, 100)
        .put(IO_NANOS_LIMIT, 30_000L).put(MAX_RANGES, 30);

    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId) {
        return new RangeSplitBalancer(storeName, localStoreId, initialLoadRules());
    }

    @Override
    public JsonObject initialLoadRules() {
        return DEFAULTS.copy();
    }

    @Override
    public List<String> validate(JsonObject rules) {
        return new RuleChecker(rules, Set.of(MAX_CPU, MAX_IO_DENSITY, IO_NANOS_LIMIT, MAX_RANGES))
            .number(MAX_CPU, v -> v > 0 && v <= 1, "must be in (0, 1]")
            .number(MAX_IO_DENSITY, v -> v > 0, "must be > 0")
            .whole(IO_NANOS_LIMIT, v -> v > 0, "must be a whole number > 0")
            .whole(MAX_RANGES, v -> v > 0, "must be a whole number > 0")
            .problems();
    }
}
