package io.heimdall.bench.balance;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.LoadHint;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.range.SyncState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deterministic model of stores and ranges in which membership changes and leadership transfers take effect at
 * once when their expected version matches, so balancers can be run round after round without Raft or disks.
 */
final class SimulatedCluster {
    private final List<String> stores = new ArrayList<>();
    private final Map<String, Integer> storeIndex = new HashMap<>();
    private final KVRangeId[] ids;
    private final Boundary[] boundaries;
    private final long[] vers;
    private final String[] leaders;
    private final ClusterConfig[] configs;
    private final Map<KVRangeId, Integer> rangeIndex = new HashMap<>();
    private final RangeDescriptor[][] replicaCache;

    SimulatedCluster(SimulationSpec spec) {
        Random rnd = new Random(spec.seed());
        for (int i = 0; i < spec.stores(); i++) {
            String id = String.format("store-%05d", i);
            storeIndex.put(id, i);
            stores.add(id);
        }
        int n = spec.ranges();
        ids = new KVRangeId[n];
        boundaries = new Boundary[n];
        vers = new long[n];
        leaders = new String[n];
        configs = new ClusterConfig[n];
        replicaCache = new RangeDescriptor[n][];
        for (int i = 0; i < n; i++) {
            ids[i] = new KVRangeId(1, i);
            boundaries[i] = new Boundary(i == 0 ? null : key(i), i == n - 1 ? null : key(i + 1));
            rangeIndex.put(ids[i], i);
            int k = 1 + rnd.nextInt(spec.initialVoters());
            Set<String> voters = new TreeSet<>();
            while (voters.size() < k) {
                voters.add(stores.get(rnd.nextInt(spec.initialStores())));
            }
            leaders[i] = new ArrayList<>(voters).get(rnd.nextInt(k));
            configs[i] = ClusterConfig.of(voters, Set.of());
        }
    }

    private static byte[] key(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    List<String> stores() {
        return stores;
    }

    int rangeCount() {
        return ids.length;
    }

    String leader(int range) {
        return leaders[range];
    }

    ClusterConfig config(int range) {
        return configs[range];
    }

    /** Every store's descriptor as it would publish it now. */
    Set<StoreDescriptor> landscape() {
        List<List<RangeDescriptor>> perStore = new ArrayList<>(stores.size());
        for (int s = 0; s < stores.size(); s++) {
            perStore.add(new ArrayList<>());
        }
        for (int i = 0; i < ids.length; i++) {
            RangeDescriptor[] replicas = replicas(i);
            int pos = 0;
            // replicas are cached in the order of allStores()
            for (String member : configs[i].allStores()) {
                perStore.get(storeIndex.get(member)).add(replicas[pos++]);
            }
        }
        Set<StoreDescriptor> out = new LinkedHashSet<>();
        for (int s = 0; s < stores.size(); s++) {
            out.add(new StoreDescriptor(stores.get(s), stores.get(s), "127.0.0.1:0", Map.of(), Map.of(),
                perStore.get(s), 1));
        }
        return out;
    }

    private RangeDescriptor[] replicas(int i) {
        if (replicaCache[i] == null) {
            ClusterConfig cfg = configs[i];
            Map<String, SyncState> sync = new HashMap<>();
            for (String m : cfg.allStores()) {
                if (!m.equals(leaders[i])) {
                    sync.put(m, SyncState.Replicating);
                }
            }
            Map<String, SyncState> leaderSync = Map.copyOf(sync);
            List<RangeDescriptor> out = new ArrayList<>();
            for (String m : cfg.allStores()) {
                RaftRole role = m.equals(leaders[i]) ? RaftRole.Leader
                    : cfg.voters().contains(m) ? RaftRole.Follower : RaftRole.Learner;
                out.add(new RangeDescriptor(ids[i], vers[i], boundaries[i], RangeState.Normal, role, cfg,
                    role == RaftRole.Leader ? leaderSync : Map.of(), Map.of(), LoadHint.NONE, 1));
            }
            replicaCache[i] = out.toArray(RangeDescriptor[]::new);
        }
        return replicaCache[i];
    }

    /** Runs {@code c} as its executor would; false (dropped) when its version is stale or it makes no sense. */
    boolean apply(BalanceCommand c) {
        Integer i = rangeIndex.get(c.rangeId());
        if (i == null || !c.executor().equals(leaders[i])) {
            return false;
        }
        if (c instanceof BalanceCommand.ChangeConfig cc && cc.expectedVer() == vers[i]
            && cc.voters().contains(leaders[i])) {
            configs[i] = ClusterConfig.of(cc.voters(), cc.learners());
        } else if (c instanceof BalanceCommand.TransferLeadership t && t.expectedVer() == vers[i]
            && configs[i].voters().contains(t.targetStore())) {
            leaders[i] = t.targetStore();
        } else {
            return false;
        }
        vers[i] = RangeDescriptor.nextConfigVer(vers[i]);
        replicaCache[i] = null;
        return true;
    }
}
