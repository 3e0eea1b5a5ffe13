package io.heimdall.kv.balance.controller;

import io.vertx.core.json.JsonObject;

/** What a store actually runs for one balancer factory: whether it is disabled and its effective rules. */
public record BalancerStatus(boolean disable, JsonObject loadRules) {
    public BalancerStatus {
        loadRules = loadRules.copy();
    }

    @Override
    public JsonObject loadRules() {
        return loadRules.copy();
    }
}
