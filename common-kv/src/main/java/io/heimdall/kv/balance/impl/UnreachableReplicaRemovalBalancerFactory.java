package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Creates {@link UnreachableReplicaRemovalBalancer}s; rule {@code suspicionMillis} (default 15000). */
public final class UnreachableReplicaRemovalBalancerFactory implements StoreBalancerFactory {
    static final String SUSPICION = "suspicionMillis";
    static final JsonObject DEFAULTS = new JsonObject().put(SUSPICION, 15_000L);

    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId) {
        return newBalancer(storeName, localStoreId, BalancerContext.system());
    }

    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId, BalancerContext context) {
        return new UnreachableReplicaRemovalBalancer(storeName, localStoreId, context, initialLoadRules());
    }

    @Override
    public JsonObject initialLoadRules() {
        return DEFAULTS.copy();
    }

    @Override
    public List<String> validate(JsonObject rules) {
        return new RuleChecker(rules, Set.of(SUSPICION))
            .whole(SUSPICION, v -> v >= 0 && v <= 3_600_000, "must be between 0 and 3600000")
            .problems();
    }
}
