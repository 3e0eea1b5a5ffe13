package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.RangeView;
import io.heimdall.kv.range.LoadHint;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.StoreDescriptor;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.Optional;

/**
 * Splits the hottest range the local store leads at its load hint's key when the range is IO-dense
 * ({@code ioDensity > maxIODensityPerRange}), its IO latency shows storage is not the bottleneck
 * ({@code ioLatencyNanos < ioNanosLimitPerRange}, so splitting spreads work rather than queueing more on a slow
 * disk), the store's CPU is under {@code maxCpuUsagePerRange} and the store hosts fewer than
 * {@code maxRangesPerStore} ranges.
 */
public final class RangeSplitBalancer extends ViewBalancer {
    /** The store statistic holding CPU usage in [0, 1]. */
    public static final String CPU_USAGE = "cpu.usage";

    private double maxCpuUsage;
    private double maxIODensity;
    private long ioNanosLimit;
    private long maxRangesPerStore;
    private LandscapeView landscape;

    public RangeSplitBalancer(String storeName, String localStoreId, JsonObject rules) {
        super(storeName, localStoreId);
        update(rules);
    }

    @Override
    public void update(JsonObject rules) {
        JsonObject d = RangeSplitBalancerFactory.DEFAULTS;
        maxCpuUsage = RuleChecker.read(rules, d, RangeSplitBalancerFactory.MAX_CPU).doubleValue();
        maxIODensity = RuleChecker.read(rules, d, RangeSplitBalancerFactory.MAX_IO_DENSITY).doubleValue();
        ioNanosLimit = RuleChecker.read(rules, d, RangeSplitBalancerFactory.IO_NANOS_LIMIT).longValue();
        maxRangesPerStore = RuleChecker.read(rules, d, RangeSplitBalancerFactory.MAX_RANGES).longValue();
    }

    @Override
    public void update(LandscapeView landscape) {
        this.landscape = landscape;
    }

    @Override
    public BalanceResult balance() {
        StoreDescriptor local = landscape == null ? null : landscape.stores().get(localStoreId);
        if (local == null || local.statistics().getOrDefault(CPU_USAGE, 0.0) > maxCpuUsage
            || local.ranges().size() >= maxRangesPerStore) {
            return BalanceResult.NO_NEED;
        }
        Optional<RangeView> hottest = landscape.effectiveRangesLedBy(localStoreId).stream()
            .filter(RangeView::isSettled)
            .filter(r -> wantsSplit(r.leader()))
            .min(Comparator.comparingDouble((RangeView r) -> -r.leader().loadHint().ioDensity())
                .thenComparing(RangeView::id));
        if (hottest.isEmpty()) {
            return BalanceResult.NO_NEED;
        }
        RangeDescriptor r = hottest.get().leader();
        LoadHint h = r.loadHint();
        return new BalanceResult.BalanceNow(new BalanceCommand.Split(localStoreId, r.id(), r.ver(), h.splitKey()),
            "io density " + h.ioDensity() + " > " + maxIODensity + " with io latency " + h.ioLatencyNanos()
                + " ns < " + ioNanosLimit + " ns");
    }

    private boolean wantsSplit(RangeDescriptor r) {
        LoadHint h = r.loadHint();
        return h != null && r.boundary().isSplitKey(h.splitKey()) && h.ioDensity() > maxIODensity
            && h.ioLatencyNanos() < ioNanosLimit;
    }
}
