package io.heimdall.kv.balance.runtime;

/** Names of the replicated maps that carry balancer proposals and the states stores report. */
public final class BalancerMaps {
    private BalancerMaps() {
    }

    /** Proposals per factory class: {@code {disable, rules, hlc}} as JSON. */
    public static String proposals(String storeName) {
        return "balancer.proposal." + storeName;
    }

    /** Per store id, what it runs: {@code {factoryClass: {disable, loadRules, hlc}}} as JSON. */
    public static String states(String storeName) {
        return "balancer.state." + storeName;
    }
}
