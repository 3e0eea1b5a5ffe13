package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Creates the genesis range (full boundary) when the landscape holds no range at all, after a random delay so that
 * stores starting together rarely bootstrap twice; when they do, the redundant range removal keeps the oldest epoch.
 */
public final class RangeBootstrapBalancer extends ViewBalancer {
    private final BalancerContext context;
    private long maxDelayMillis;
    private long bootstrapAt = -1;

    public RangeBootstrapBalancer(String storeName, String localStoreId, BalancerContext context, JsonObject rules) {
        super(storeName, localStoreId);
        this.context = context;
        update(rules);
    }

    @Override
    public void update(JsonObject rules) {
        maxDelayMillis = RuleChecker.read(rules, RangeBootstrapBalancerFactory.DEFAULTS,
            RangeBootstrapBalancerFactory.MAX_DELAY).longValue();
    }

    @Override
    public void update(LandscapeView landscape) {
        // Without its own descriptor the store cannot tell an empty cluster from one it has not heard of yet.
        if (landscape.hasAnyRange() || !landscape.isAlive(localStoreId)) {
            bootstrapAt = -1;
        } else if (bootstrapAt < 0) {
            bootstrapAt = context.millis().getAsLong() + randomDelay();
        }
    }

    @Override
    public BalanceResult balance() {
        if (bootstrapAt < 0) {
            return BalanceResult.NO_NEED;
        }
        long now = context.millis().getAsLong();
        if (now < bootstrapAt) {
            return new BalanceResult.AwaitBalance(Duration.ofMillis(bootstrapAt - now));
        }
        // Try again later if the landscape still shows nothing by then (the bootstrap may have failed).
        bootstrapAt = now + Math.max(1, maxDelayMillis);
        KVRangeId id = KVRangeId.genesis(context.hlc().getAsLong());
        return new BalanceResult.BalanceNow(new BalanceCommand.Bootstrap(localStoreId, id, Boundary.FULL),
            "no range of " + storeName + " in the landscape");
    }

    private long randomDelay() {
        return maxDelayMillis <= 0 ? 0 : context.random().nextLong(maxDelayMillis + 1);
    }
}
