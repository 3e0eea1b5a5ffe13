package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.RangeView;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.SyncState;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * On the ranges the local store leads, drops a member that stays unreachable past the suspicion time: its store
 * left the landscape, or it is alive but no longer hosts the range while the leader cannot replicate to it.
 */
public final class UnreachableReplicaRemovalBalancer extends ViewBalancer {
    private final BalancerContext context;
    private long suspicionMillis;
    private final Map<Suspect, Long> suspectSince = new HashMap<>();
    private final Map<Suspect, RangeDescriptor> current = new HashMap<>();

    private record Suspect(KVRangeId rangeId, String store) implements Comparable<Suspect> {
        @Override
        public int compareTo(Suspect o) {
            int c = rangeId.compareTo(o.rangeId);
            return c != 0 ? c : store.compareTo(o.store);
        }
    }

    public UnreachableReplicaRemovalBalancer(String storeName, String localStoreId, BalancerContext context,
                                             JsonObject rules) {
        super(storeName, localStoreId);
        this.context = context;
        update(rules);
    }

    @Override
    public void update(JsonObject rules) {
        suspicionMillis = RuleChecker.read(rules, UnreachableReplicaRemovalBalancerFactory.DEFAULTS,
            UnreachableReplicaRemovalBalancerFactory.SUSPICION).longValue();
    }

    @Override
    public void update(LandscapeView landscape) {
        long now = context.millis().getAsLong();
        Map<Suspect, Long> still = new HashMap<>();
        current.clear();
        for (RangeView range : landscape.effectiveRangesLedBy(localStoreId)) {
            if (!range.isSettled()) {
                continue;
            }
            RangeDescriptor leader = range.leader();
            for (String peer : leader.config().allStores()) {
                if (!peer.equals(localStoreId) && isUnreachable(landscape, range, leader, peer)) {
                    Suspect s = new Suspect(range.id(), peer);
                    still.put(s, suspectSince.getOrDefault(s, now));
                    current.put(s, leader);
                }
            }
        }
        suspectSince.clear();
        suspectSince.putAll(still);
    }

    private static boolean isUnreachable(LandscapeView landscape, RangeView range, RangeDescriptor leader,
                                         String peer) {
        if (!landscape.isAlive(peer)) {
            return true;
        }
        SyncState sync = leader.syncState().get(peer);
        boolean lost = sync == null || sync == SyncState.Probing || sync == SyncState.Unknown;
        return lost && !range.isHostedBy(peer);
    }

    @Override
    public BalanceResult balance() {
        long now = context.millis().getAsLong();
        long wait = Long.MAX_VALUE;
        for (Suspect s : new TreeSet<>(suspectSince.keySet())) {
            long due = suspectSince.get(s) + suspicionMillis;
            if (due > now) {
                wait = Math.min(wait, due - now);
                continue;
            }
            RangeDescriptor leader = current.get(s);
            ClusterConfig cfg = leader.config();
            Set<String> voters = new TreeSet<>(cfg.voters());
            Set<String> learners = new TreeSet<>(cfg.learners());
            voters.remove(s.store());
            learners.remove(s.store());
            return new BalanceResult.BalanceNow(new BalanceCommand.ChangeConfig(localStoreId, s.rangeId(),
                leader.ver(), voters, learners), "member " + s.store() + " of " + s.rangeId()
                + " unreachable for " + (now - suspectSince.get(s)) + " ms");
        }
        return wait == Long.MAX_VALUE ? BalanceResult.NO_NEED : new BalanceResult.AwaitBalance(Duration.ofMillis(wait));
    }
}
