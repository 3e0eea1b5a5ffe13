package io.heimdall.kv.balance;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.LoadHint;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.range.SyncState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds landscapes for balancer tests: stores, and ranges whose replicas appear on every live member store. */
public final class SyntheticLandscape {
    private final Map<String, List<RangeDescriptor>> ranges = new TreeMap<>();
    private final Map<String, Map<String, Double>> storeStats = new HashMap<>();

    public static SyntheticLandscape stores(String... ids) {
        SyntheticLandscape l = new SyntheticLandscape();
        for (String id : ids) {
            l.ranges.put(id, new ArrayList<>());
        }
        return l;
    }

    public static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    public static Boundary boundary(String start, String end) {
        return new Boundary(start == null ? null : key(start), end == null ? null : key(end));
    }

    public SyntheticLandscape storeStat(String store, String key, double value) {
        storeStats.computeIfAbsent(store, k -> new HashMap<>()).put(key, value);
        return this;
    }

    /** A settled range led by {@code leader}; its replicas go to every member store present in the landscape. */
    public SyntheticLandscape range(KVRangeId id, long ver, Boundary b, String leader, Set<String> voters,
                                    Set<String> learners) {
        return range(new Range(id, ver, b, leader, ClusterConfig.of(voters, learners)));
    }

    public SyntheticLandscape range(Range r) {
        Set<String> members = r.config.allStores();
        Map<String, SyncState> sync = new HashMap<>();
        for (String m : members) {
            if (!m.equals(r.leader)) {
                sync.put(m, r.syncOverride.getOrDefault(m, SyncState.Replicating));
            }
        }
        for (String m : members) {
            if (!ranges.containsKey(m)) {
                continue;
            }
            boolean leads = m.equals(r.leader);
            RaftRole role = leads ? RaftRole.Leader
                : r.config.voters().contains(m) ? RaftRole.Follower : RaftRole.Learner;
            ranges.get(m).add(new RangeDescriptor(r.id, r.ver, r.boundary, r.state, role, r.config,
                leads ? sync : Map.of(), r.stats, leads ? r.hint : LoadHint.NONE, 1));
        }
        return this;
    }

    /** Adds a single replica as {@code store} sees it, e.g. a zombie or a stale leader. */
    public SyntheticLandscape replica(String store, RangeDescriptor d) {
        ranges.get(store).add(d);
        return this;
    }

    public Set<StoreDescriptor> build() {
        Set<StoreDescriptor> out = new LinkedHashSet<>();
        ranges.forEach((id, rs) -> out.add(new StoreDescriptor(id, "host-" + id, "127.0.0.1:0", Map.of(),
            storeStats.getOrDefault(id, Map.of()), rs, 1)));
        return out;
    }

    public LandscapeView view() {
        return LandscapeView.of(build());
    }

    /** A range to place, with optional state, load hint, statistics and per-peer sync states. */
    public static final class Range {
        final KVRangeId id;
        final long ver;
        final Boundary boundary;
        final String leader;
        final ClusterConfig config;
        RangeState state = RangeState.Normal;
        LoadHint hint = LoadHint.NONE;
        Map<String, Double> stats = Map.of();
        final Map<String, SyncState> syncOverride = new HashMap<>();

        public Range(KVRangeId id, long ver, Boundary boundary, String leader, ClusterConfig config) {
            this.id = id;
            this.ver = ver;
            this.boundary = boundary;
            this.leader = leader;
            this.config = config;
        }

        public Range state(RangeState s) {
            state = s;
            return this;
        }

        public Range hint(LoadHint h) {
            hint = h;
            return this;
        }

        public Range stats(Map<String, Double> s) {
            stats = s;
            return this;
        }

        public Range sync(String peer, SyncState s) {
            syncOverride.put(peer, s);
            return this;
        }
    }
}
