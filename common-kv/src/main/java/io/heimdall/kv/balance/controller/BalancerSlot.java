package io.heimdall.kv.balance.controller;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

/** One balancer inside a controller with its switch, its rules and its command counters. */
final class BalancerSlot {
    final String factoryClass;
    final String shortName;
    final StoreBalancerFactory factory;
    final StoreBalancer balancer;
    final boolean alwaysOn;
    final Counter issued;
    final Counter succeeded;
    final Counter failed;
    boolean disabled;
    JsonObject rules;
    BalanceCommand lastLogged;

    BalancerSlot(String factoryClass, StoreBalancerFactory factory, StoreBalancer balancer, boolean alwaysOn,
                 JsonObject rules, MeterRegistry meters, String storeName, String storeId) {
        this.factoryClass = factoryClass;
        this.shortName = factoryClass.substring(factoryClass.lastIndexOf('.') + 1).replace("Factory", "");
        this.factory = factory;
        this.balancer = balancer;
        this.alwaysOn = alwaysOn;
        this.rules = rules.copy();
        this.issued = counter(meters, "issued", storeName, storeId);
        this.succeeded = counter(meters, "succeeded", storeName, storeId);
        this.failed = counter(meters, "failed", storeName, storeId);
    }

    private Counter counter(MeterRegistry meters, String outcome, String storeName, String storeId) {
        return Counter.builder("balancer.commands." + outcome)
            .description("balance commands " + outcome + " by this balancer on this store")
            .tag("storeName", storeName).tag("storeId", storeId).tag("balancer", shortName)
            .register(meters);
    }

    BalancerStatus status() {
        return new BalancerStatus(disabled, rules);
    }
}
