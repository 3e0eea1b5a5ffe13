package io.heimdall.kv.balance.runtime;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.heimdall.common.hlc.HLC;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.heimdall.kv.balance.config.BalancerFactories;
import io.heimdall.kv.balance.config.BuiltinBalancers;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operator's handle on the balancers of a store name, cluster-wide: enable, disable and change rules by
 * writing proposals every store picks up, and read what each store reports it runs. Calls block on Hazelcast:
 * keep them off event loops. Refusals (unknown factory, always-on balancer, invalid rules) throw
 * IllegalArgumentException, which the HTTP API answers with 400.
 */
public final class BalancerAdmin {
    private final HazelcastInstance hz;

    public BalancerAdmin(HazelcastInstance hz) {
        this.hz = hz;
    }

    public void enable(String storeName, String factoryName) {
        propose(storeName, factoryName, false, null);
    }

    public void disable(String storeName, String factoryName) {
        if (BuiltinBalancers.isAlwaysOn(factoryName)) {
            throw new IllegalArgumentException(factoryName + " is always on and cannot be disabled");
        }
        propose(storeName, factoryName, true, null);
    }

    /** Proposes new rules (merged by each store over its current ones) after checking them with the factory. */
    public void updateRules(String storeName, String factoryName, JsonObject rules) {
        StoreBalancerFactory factory = load(factoryName);
        List<String> problems = factory.validate(factory.initialLoadRules().mergeIn(rules));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid rules for " + factoryName + ": " + String.join("; ", problems));
        }
        Optional<BalancerProposal> current = proposal(storeName, factoryName);
        propose(storeName, factoryName, current.map(BalancerProposal::disable).orElse(false), rules);
    }

    /** The latest proposal for a balancer, if any was made. */
    public Optional<BalancerProposal> proposal(String storeName, String factoryName) {
        String json = proposals(storeName).get(BuiltinBalancers.canonical(factoryName));
        return json == null ? Optional.empty() : Optional.of(BalancerProposal.fromJson(json));
    }

    /** What every store of {@code storeName} reports, by store id then factory class. */
    public Map<String, Map<String, BalancerState>> states(String storeName) {
        Map<String, Map<String, BalancerState>> out = new TreeMap<>();
        hz.<String, String>getReplicatedMap(BalancerMaps.states(storeName))
            .forEach((storeId, json) -> out.put(storeId, BalancerState.decode(json)));
        return out;
    }

    /** What one store reports, by factory class; empty when it reports nothing. */
    public Map<String, BalancerState> state(String storeName, String storeId) {
        String json = hz.<String, String>getReplicatedMap(BalancerMaps.states(storeName)).get(storeId);
        return json == null ? Map.of() : BalancerState.decode(json);
    }

    private void propose(String storeName, String factoryName, boolean disable, JsonObject rules) {
        load(factoryName);
        String key = BuiltinBalancers.canonical(factoryName);
        JsonObject keptRules = rules != null ? rules
            : proposal(storeName, factoryName).map(BalancerProposal::rules).orElse(null);
        proposals(storeName).put(key, new BalancerProposal(disable, keptRules, HLC.INST.get()).toJson());
    }

    private ReplicatedMap<String, String> proposals(String storeName) {
        return hz.getReplicatedMap(BalancerMaps.proposals(storeName));
    }

    private static StoreBalancerFactory load(String factoryName) {
        try {
            return BalancerFactories.load(factoryName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown balancer " + factoryName + ": " + e.getMessage(), e);
        }
    }
}
