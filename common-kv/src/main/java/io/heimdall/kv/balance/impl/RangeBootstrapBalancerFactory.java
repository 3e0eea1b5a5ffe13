package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Creates {@link RangeBootstrapBalancer}s; rule {@code maxBootstrapDelayMillis} (default 2000) bounds the delay. */
public final class RangeBootstrapBalancerFactory implements StoreBalancerFactory {
    static final String MAX_DELAY = "maxBootstrapDelayMillis";
    static final JsonObject DEFAULTS = new JsonObject().put(MAX_DELAY, 2000L);

    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId) {
        return newBalancer(storeName, localStoreId, BalancerContext.system());
    }

    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId, BalancerContext context) {
        return new RangeBootstrapBalancer(storeName, localStoreId, context, initialLoadRules());
    }

    @Override
    public JsonObject initialLoadRules() {
        return DEFAULTS.copy();
    }

    @Override
    public List<String> validate(JsonObject rules) {
        return new RuleChecker(rules, Set.of(MAX_DELAY))
            .whole(MAX_DELAY, v -> v >= 0 && v <= 600_000, "must be between 0 and 600000")
            .problems();
    }
}
