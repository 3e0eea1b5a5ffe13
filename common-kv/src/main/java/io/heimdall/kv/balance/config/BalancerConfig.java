package io.heimdall.kv.balance.config;

import io.heimdall.kv.balance.StoreBalancerFactory;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a store's {@code balanceConfig.balancers} section, {@code {factoryFQN: {rules}}}: resolves reference
 * aliases, loads each factory, fills missing rules from the store's defaults (else the factory's initial rules)
 * and validates them. Any problem fails the whole section with messages that name the key path.
 */
public final class BalancerConfig {
    private BalancerConfig() {
    }

    /**
     * The balancers a store of {@code storeName} runs besides the always-on ones.
     *
     * @param storeName         {@code dist.worker}, {@code inbox.store}, {@code retain.store} or one of our own
     * @param keyPath           where the section sits in the configuration, for messages, e.g.
     *                          {@code distServiceConfig.worker.balanceConfig.balancers}
     * @param balancersSection  the section, or null for the reference defaults of {@code storeName}
     * @throws IllegalArgumentException listing every problem, one per line, each starting with its key path
     */
    public static List<ConfiguredBalancer> parse(String storeName, String keyPath, JsonObject balancersSection) {
        Map<String, JsonObject> defaults;
        try {
            defaults = BalancerDefaults.forStore(storeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyPath + ": " + e.getMessage(), e);
        }
        Map<String, Object> section = new LinkedHashMap<>();
        if (balancersSection == null) {
            section.putAll(defaults);
        } else {
            balancersSection.forEach(e -> section.put(e.getKey(), e.getValue()));
        }
        List<String> problems = new ArrayList<>();
        Map<String, ConfiguredBalancer> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : section.entrySet()) {
            String name = e.getKey();
            String path = keyPath + "." + name;
            StoreBalancerFactory factory;
            try {
                factory = BalancerFactories.load(name);
            } catch (IllegalArgumentException ex) {
                problems.add(path + ": " + ex.getMessage());
                continue;
            }
            String canonical = BuiltinBalancers.canonical(name);
            if (e.getValue() != null && !(e.getValue() instanceof JsonObject)) {
                problems.add(path + ": rules must be an object, got " + e.getValue());
                continue;
            }
            JsonObject rules = defaults.containsKey(canonical) ? defaults.get(canonical).copy()
                : factory.initialLoadRules();
            if (e.getValue() instanceof JsonObject given) {
                rules.mergeIn(given);
            }
            List<String> invalid = factory.validate(rules);
            if (!invalid.isEmpty()) {
                invalid.forEach(p -> problems.add(path + "." + p));
                continue;
            }
            if (out.containsKey(canonical)) {
                problems.add(path + ": names the same balancer as " + keyPath + "."
                    + out.get(canonical).factoryClass());
                continue;
            }
            out.put(canonical, new ConfiguredBalancer(canonical, factory, rules));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return List.copyOf(out.values());
    }
}
