package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Creates {@link ReplicaCntBalancer}s; rules {@code votersPerRange} (odd, > 0; default 3), {@code learnersPerRange} (>= -1; default -1). */
public final class ReplicaCntBalancerFactory implements StoreBalancerFactory {
    public static final String VOTERS = "votersPerRange";
    public static final String LEARNERS = "learnersPerRange";
    static final JsonObject DEFAULTS = new JsonObject().put(VOTERS, 3).put(LEARNERS, -1);

    @Override
    public StoreBalancer newBalancer(String storeName, String localStoreId) {
        return new ReplicaCntBalancer(storeName, localStoreId, initialLoadRules());
    }

    @Override
    public JsonObject initialLoadRules() {
        return DEFAULTS.copy();
    }

    @Override
    public List<String> validate(JsonObject rules) {
        return new RuleChecker(rules, Set.of(VOTERS, LEARNERS))
            .whole(VOTERS, v -> v > 0 && v % 2 == 1 && v < 1000, "must be odd and > 0")
            .whole(LEARNERS, v -> v >= -1 && v < 100_000, "must be >= -1 (-1: every other live store)")
            .problems();
    }
}
