package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.LandscapeView;
import io.vertx.core.json.JsonObject;

/**
 * Keeps {@code votersPerRange} voters and {@code learnersPerRange} learners (-1: every other live store) on every
 * range and evens voters and learners out across the live stores; see {@link ReplicaCntPlanner}. Does nothing
 * while fewer stores are alive than voters are wanted, and never touches a range in a joint configuration.
 */
public final class ReplicaCntBalancer extends ViewBalancer {
    private int votersPerRange;
    private int learnersPerRange;
    private LandscapeView landscape;

    public ReplicaCntBalancer(String storeName, String localStoreId, JsonObject rules) {
        super(storeName, localStoreId);
        update(rules);
    }

    @Override
    public void update(JsonObject rules) {
        votersPerRange = RuleChecker.read(rules, ReplicaCntBalancerFactory.DEFAULTS,
            ReplicaCntBalancerFactory.VOTERS).intValue();
        learnersPerRange = RuleChecker.read(rules, ReplicaCntBalancerFactory.DEFAULTS,
            ReplicaCntBalancerFactory.LEARNERS).intValue();
    }

    @Override
    public void update(LandscapeView landscape) {
        this.landscape = landscape;
    }

    @Override
    public BalanceResult balance() {
        if (landscape == null) {
            return BalanceResult.NO_NEED;
        }
        return ReplicaCntPlanner.plan(landscape, votersPerRange, learnersPerRange).next(localStoreId);
    }
}
