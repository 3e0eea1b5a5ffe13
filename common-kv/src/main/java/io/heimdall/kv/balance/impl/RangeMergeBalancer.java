package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.RangeView;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges two adjacent cold ranges: the left one (the merger) must be led by the local store, both must be settled
 * with identical voters and learners, and both must have stayed under {@code maxIODensityToMerge} and
 * {@code maxDataSizeToMerge} (range statistic {@value #DATA_SIZE}, bytes) for {@code coldMillis}. The thresholds
 * sit far below the split ones so a merged range does not split straight back.
 */
public final class RangeMergeBalancer extends ViewBalancer {
    /** The range statistic holding its approximate data size in bytes. */
    public static final String DATA_SIZE = "dataSize";

    private final BalancerContext context;
    private double maxIODensity;
    private double maxDataSize;
    private long coldMillis;
    private final Map<KVRangeId, Long> coldSince = new HashMap<>();
    private RangeView merger;
    private RangeView mergee;

    public RangeMergeBalancer(String storeName, String localStoreId, BalancerContext context, JsonObject rules) {
        super(storeName, localStoreId);
        this.context = context;
        update(rules);
    }

    @Override
    public void update(JsonObject rules) {
        JsonObject d = RangeMergeBalancerFactory.DEFAULTS;
        maxIODensity = RuleChecker.read(rules, d, RangeMergeBalancerFactory.MAX_IO_DENSITY).doubleValue();
        maxDataSize = RuleChecker.read(rules, d, RangeMergeBalancerFactory.MAX_DATA_SIZE).doubleValue();
        coldMillis = RuleChecker.read(rules, d, RangeMergeBalancerFactory.COLD_MILLIS).longValue();
    }

    @Override
    public void update(LandscapeView landscape) {
        long now = context.millis().getAsLong();
        Map<KVRangeId, Long> stillCold = new HashMap<>();
        merger = null;
        mergee = null;
        List<RangeView> inKeyOrder = landscape.effectiveRangesInKeyOrder();
        for (int i = 0; i + 1 < inKeyOrder.size(); i++) {
            RangeView left = inKeyOrder.get(i);
            RangeView right = inKeyOrder.get(i + 1);
            if (!localStoreId.equals(left.leaderStore()) || !mergeable(left, right)) {
                continue;
            }
            stillCold.put(left.id(), coldSince.getOrDefault(left.id(), now));
            if (merger == null) {
                merger = left;
                mergee = right;
            }
        }
        coldSince.clear();
        coldSince.putAll(stillCold);
    }

    private boolean mergeable(RangeView left, RangeView right) {
        if (!left.isSettled() || !right.isSettled()) {
            return false;
        }
        RangeDescriptor l = left.leader();
        RangeDescriptor r = right.leader();
        return l.boundary().isAdjacentTo(r.boundary())
            && l.config().voters().equals(r.config().voters())
            && l.config().learners().equals(r.config().learners())
            && isCold(l) && isCold(r);
    }

    private boolean isCold(RangeDescriptor r) {
        double io = r.loadHint() == null ? 0 : r.loadHint().ioDensity();
        return io <= maxIODensity && r.statistics().getOrDefault(DATA_SIZE, 0.0) <= maxDataSize;
    }

    @Override
    public BalanceResult balance() {
        if (merger == null) {
            return BalanceResult.NO_NEED;
        }
        long coldFor = context.millis().getAsLong() - coldSince.get(merger.id());
        if (coldFor < coldMillis) {
            return new BalanceResult.AwaitBalance(Duration.ofMillis(coldMillis - coldFor));
        }
        return new BalanceResult.BalanceNow(new BalanceCommand.Merge(localStoreId, merger.id(), merger.leader().ver(),
            mergee.id()), "ranges " + merger.id() + " and " + mergee.id() + " have been cold for " + coldFor + " ms");
    }
}
