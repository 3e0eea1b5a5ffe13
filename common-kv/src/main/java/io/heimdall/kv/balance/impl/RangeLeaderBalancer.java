package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.LandscapeView;
import io.vertx.core.json.JsonObject;

/** Spreads range leadership evenly over the live stores by leadership transfers; see {@link LeaderSpreadPlanner}. */
public final class RangeLeaderBalancer extends ViewBalancer {
    private LandscapeView landscape;

    public RangeLeaderBalancer(String storeName, String localStoreId) {
        super(storeName, localStoreId);
    }

    @Override
    public void update(JsonObject rules) {
        // no rules
    }

    @Override
    public void update(LandscapeView landscape) {
        this.landscape = landscape;
    }

    @Override
    public BalanceResult balance() {
        return landscape == null ? BalanceResult.NO_NEED : LeaderSpreadPlanner.plan(landscape).next(localStoreId);
    }
}
