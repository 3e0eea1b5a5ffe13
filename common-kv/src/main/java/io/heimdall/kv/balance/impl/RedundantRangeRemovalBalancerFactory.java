package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Creates {@link RedundantRangeRemovalBalancer}s (the reference's older name RedundantEpochRemovalBalancer maps
 * here); rule {@code zombieGraceMillis} (default 10000) is how long a replica may look like a zombie before it quits.
 */
public final class RedundantRangeRemovalBalancerFactory implements StoreBalancerFactory {
    static final String ZOMBIE_GRACE = "zombieGraceMillis";
    static final JsonObject DEFAULTS = new JsonObject().put(ZOMBIE_GRACE, 10_000L);

    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId) {
        return newBalancer(storeName, localStoreId, BalancerContext.system());
    }

    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId, BalancerContext context) {
        return new RedundantRangeRemovalBalancer(storeName, localStoreId, context, initialLoadRules());
    }

    @Override
    public JsonObject initialLoadRules() {
        return DEFAULTS.copy();
    }

    @Override
    public List<String> validate(JsonObject rules) {
        return new RuleChecker(rules, Set.of(ZOMBIE_GRACE))
            .whole(ZOMBIE_GRACE, v -> v >= 0 && v <= 3_600_000, "must be between 0 and 3600000")
            .problems();
    }
}
