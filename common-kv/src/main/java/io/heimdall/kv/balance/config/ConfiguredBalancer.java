package io.heimdall.kv.balance.config;

import io.heimdall.kv.balance.StoreBalancerFactory;
import io.vertx.core.json.JsonObject;

/**
 * One balancer a store runs: the canonical class name of its factory (aliases resolved), the factory and the
 * validated rules it starts with.
 */
public record ConfiguredBalancer(String factoryClass, StoreBalancerFactory factory, JsonObject rules) {
    public ConfiguredBalancer {
        rules = rules.copy();
    }

    @Override
    public JsonObject rules() {
        return rules.copy();
    }
}
