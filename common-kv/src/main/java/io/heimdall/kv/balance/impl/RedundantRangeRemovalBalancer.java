package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.Members;
import io.heimdall.kv.balance.RangeView;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.range.StoreDescriptor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Quits local replicas that must not exist: at once those of an epoch newer than the surviving (oldest) epoch
 * once that has a leader; after {@code zombieGraceMillis} of unbroken suspicion a leader of a range id whose
 * winning leader runs another group without this store, the loser of two settled ranges whose boundaries overlap,
 * and zombies (a follower the range's settled leader no longer counts as a member; the grace keeps a replica being
 * added from being mistaken for one).
 */
public final class RedundantRangeRemovalBalancer extends ViewBalancer {
    private final BalancerContext context;
    private long zombieGraceMillis;
    private final Map<KVRangeId, Long> suspectSince = new HashMap<>();
    private final TreeMap<KVRangeId, Removal> removals = new TreeMap<>();

    private record Removal(long ver, String reason, long dueAt) {
    }

    public RedundantRangeRemovalBalancer(String storeName, String localStoreId, BalancerContext context,
                                         JsonObject rules) {
        super(storeName, localStoreId);
        this.context = context;
        update(rules);
    }

    @Override
    public void update(JsonObject rules) {
        zombieGraceMillis = RuleChecker.read(rules, RedundantRangeRemovalBalancerFactory.DEFAULTS,
            RedundantRangeRemovalBalancerFactory.ZOMBIE_GRACE).longValue();
    }

    @Override
    public void update(LandscapeView landscape) {
        removals.clear();
        StoreDescriptor local = landscape.stores().get(localStoreId);
        OptionalLong epoch = landscape.effectiveEpoch();
        // Nothing is removed until the surviving epoch has proven itself with a leader.
        if (local == null || epoch.isEmpty() || landscape.effectiveRanges().isEmpty()) {
            suspectSince.clear();
            return;
        }
        long now = context.millis().getAsLong();
        Map<KVRangeId, RangeView> overlapLosers = OverlapDetector.losers(landscape);
        Map<KVRangeId, Long> stillSuspect = new HashMap<>();
        for (RangeDescriptor mine : local.ranges()) {
            KVRangeId id = mine.id();
            RangeView range = landscape.ranges().get(id);
            String reason = null;
            if (id.epoch() > epoch.getAsLong()) {
                // a losing epoch goes at once: the sooner it stops taking writes the better
                removals.put(id, new Removal(mine.ver(), "epoch " + id.epoch() + " is newer than the surviving epoch "
                    + epoch.getAsLong(), now));
                continue;
            } else if (mine.isLeader() && !localStoreId.equals(range.leaderStore())
                && !Members.includes(range.leader().config(), localStoreId)) {
                reason = "range id conflict: store " + range.leaderStore() + " leads another group of " + id;
            } else if (overlapLosers.containsKey(id)) {
                RangeView winner = overlapLosers.get(id);
                reason = "boundary " + range.leader().boundary() + " overlaps range " + winner.id() + " "
                    + winner.leader().boundary();
            } else if (isZombie(mine, range)) {
                reason = "zombie: leader " + range.leaderStore() + " no longer counts this store as a member";
            }
            if (reason != null) {
                // Quitting destroys data: only a suspicion that holds for the whole grace period counts.
                long since = suspectSince.getOrDefault(id, now);
                stillSuspect.put(id, since);
                removals.put(id, new Removal(mine.ver(), reason, since + zombieGraceMillis));
            }
        }
        suspectSince.clear();
        suspectSince.putAll(stillSuspect);
    }

    private boolean isZombie(RangeDescriptor mine, RangeView range) {
        if (mine.isLeader() || !range.isSettled()) {
            return false;
        }
        RangeDescriptor leader = range.leader();
        return mine.state() != RangeState.PreparedMerging && mine.ver() <= leader.ver()
            && !Members.includes(leader.config(), localStoreId);
    }

    @Override
    public BalanceResult balance() {
        long now = context.millis().getAsLong();
        long wait = Long.MAX_VALUE;
        for (Map.Entry<KVRangeId, Removal> e : removals.entrySet()) {
            Removal r = e.getValue();
            if (r.dueAt() <= now) {
                return new BalanceResult.BalanceNow(new BalanceCommand.Quit(localStoreId, e.getKey(), r.ver()),
                    r.reason());
            }
            wait = Math.min(wait, r.dueAt() - now);
        }
        return wait == Long.MAX_VALUE ? BalanceResult.NO_NEED : new BalanceResult.AwaitBalance(Duration.ofMillis(wait));
    }

    /** Finds settled ranges whose boundary overlaps an earlier one in key order. */
    static final class OverlapDetector {
        private OverlapDetector() {
        }

        /**
         * The losing range of every overlapping pair, with its winner: the newer boundary version wins, then the
         * smaller id.
         */
        static Map<KVRangeId, RangeView> losers(LandscapeView landscape) {
            return landscape.memo("overlapLosers", () -> {
                Map<KVRangeId, RangeView> out = new HashMap<>();
                RangeView kept = null;
                List<RangeView> inKeyOrder = landscape.effectiveRangesInKeyOrder();
                for (RangeView r : inKeyOrder) {
                    if (!r.isSettled()) {
                        continue;
                    }
                    if (kept != null && kept.leader().boundary().overlaps(r.leader().boundary())) {
                        if (wins(r, kept)) {
                            out.put(kept.id(), r);
                            kept = r;
                        } else {
                            out.put(r.id(), kept);
                        }
                    } else {
                        kept = r;
                    }
                }
                return Map.copyOf(out);
            });
        }

        private static boolean wins(RangeView a, RangeView b) {
            long va = RangeDescriptor.boundaryVer(a.leader().ver());
            long vb = RangeDescriptor.boundaryVer(b.leader().ver());
            return va != vb ? va > vb : a.id().compareTo(b.id()) < 0;
        }
    }
}
