package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Creates {@link RangeLeaderBalancer}s; they take no rules. */
public final class RangeLeaderBalancerFactory implements StoreBalancerFactory {
    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId) {
        return new RangeLeaderBalancer(storeName, localStoreId);
    }

    @Override
    public JsonObject initialLoadRules() {
        return new JsonObject();
    }

    @Override
    public List<String> validate(JsonObject rules) {
        return new RuleChecker(rules, Set.of()).problems();
    }
}
