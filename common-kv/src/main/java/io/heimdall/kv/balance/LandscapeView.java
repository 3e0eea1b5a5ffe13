package io.heimdall.kv.balance;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.StoreDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An immutable index of one landscape (stores of one store name and their replicas) that every balancer of every
 * store can share: range views by id, the oldest epoch, the effective ranges in key order, and a memo for plans
 * derived from the landscape alone, so a plan is computed once per landscape and not once per store.
 */
public final class LandscapeView {
    private static final Comparator<RangeView> BY_START =
        (a, b) -> Boundary.compareStart(a.leader().boundary(), b.leader().boundary());

    private final NavigableMap<String, StoreDescriptor> stores;
    private final NavigableMap<KVRangeId, RangeView> ranges;
    private final Set<StoreDescriptor> storeSet;
    private final Map<Object, Object> memo = new HashMap<>();

    private LandscapeView(NavigableMap<String, StoreDescriptor> stores, NavigableMap<KVRangeId, RangeView> ranges,
                          Set<StoreDescriptor> storeSet) {
        this.stores = Collections.unmodifiableNavigableMap(stores);
        this.ranges = Collections.unmodifiableNavigableMap(ranges);
        this.storeSet = storeSet;
    }

    /** Indexes {@code landscape}; a store id that appears twice keeps the descriptor with the higher hlc. */
    public static LandscapeView of(Collection<StoreDescriptor> landscape) {
        NavigableMap<String, StoreDescriptor> stores = new TreeMap<>();
        for (StoreDescriptor s : landscape) {
            stores.merge(s.id(), s, (a, b) -> a.hlc() >= b.hlc() ? a : b);
        }
        Map<KVRangeId, SortedMap<String, RangeDescriptor>> replicas = new HashMap<>();
        for (StoreDescriptor s : stores.values()) {
            for (RangeDescriptor r : s.ranges()) {
                replicas.computeIfAbsent(r.id(), k -> new TreeMap<>()).put(s.id(), r);
            }
        }
        NavigableMap<KVRangeId, RangeView> ranges = new TreeMap<>();
        replicas.forEach((id, byStore) -> ranges.put(id, view(id, byStore)));
        return new LandscapeView(stores, ranges, Collections.unmodifiableSet(new LinkedHashSet<>(stores.values())));
    }

    private static RangeView view(KVRangeId id, SortedMap<String, RangeDescriptor> byStore) {
        List<String> leaders = new ArrayList<>();
        String best = null;
        for (Map.Entry<String, RangeDescriptor> e : byStore.entrySet()) {
            RangeDescriptor r = e.getValue();
            if (!r.isLeader()) {
                continue;
            }
            leaders.add(e.getKey());
            RangeDescriptor b = best == null ? null : byStore.get(best);
            if (b == null || r.ver() > b.ver() || (r.ver() == b.ver() && r.hlc() > b.hlc())) {
                best = e.getKey();
            }
        }
        return new RangeView(id, byStore, best, leaders);
    }

    /** The descriptors as a set, in store id order. */
    public Set<StoreDescriptor> storeSet() {
        return storeSet;
    }

    /** Store descriptors by id, in id order. */
    public NavigableMap<String, StoreDescriptor> stores() {
        return stores;
    }

    public boolean isAlive(String storeId) {
        return stores.containsKey(storeId);
    }

    public Optional<StoreDescriptor> store(String storeId) {
        return Optional.ofNullable(stores.get(storeId));
    }

    /** Every range id seen in the landscape, in id order (so epoch order). */
    public NavigableMap<KVRangeId, RangeView> ranges() {
        return ranges;
    }

    public boolean hasAnyRange() {
        return !ranges.isEmpty();
    }

    /**
     * The surviving epoch: the oldest one in the landscape. Until some range of it has a leader nothing is decided
     * about the others: see {@link #effectiveRanges()}.
     */
    public OptionalLong effectiveEpoch() {
        return ranges.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ranges.firstKey().epoch());
    }

    /** Ranges of the {@link #effectiveEpoch()} that have a leader, in id order. */
    public List<RangeView> effectiveRanges() {
        return memo("effectiveRanges", () -> {
            OptionalLong epoch = effectiveEpoch();
            if (epoch.isEmpty()) {
                return List.<RangeView>of();
            }
            List<RangeView> out = new ArrayList<>();
            for (RangeView r : ranges.subMap(new KVRangeId(epoch.getAsLong(), Long.MIN_VALUE), true,
                new KVRangeId(epoch.getAsLong(), Long.MAX_VALUE), true).values()) {
                if (r.hasLeader()) {
                    out.add(r);
                }
            }
            return List.copyOf(out);
        });
    }

    /** {@link #effectiveRanges()} ordered by the start key of the leader's boundary, ties by id. */
    public List<RangeView> effectiveRangesInKeyOrder() {
        return memo("effectiveRangesInKeyOrder", () -> {
            List<RangeView> out = new ArrayList<>(effectiveRanges());
            out.sort(BY_START.thenComparing(RangeView::id));
            return List.copyOf(out);
        });
    }

    /** Effective ranges led by each store, in range id order. */
    public Map<String, List<RangeView>> effectiveRangesByLeader() {
        return memo("effectiveRangesByLeader", () -> {
            Map<String, List<RangeView>> out = new HashMap<>();
            for (RangeView r : effectiveRanges()) {
                out.computeIfAbsent(r.leaderStore(), k -> new ArrayList<>()).add(r);
            }
            return Collections.unmodifiableMap(out);
        });
    }

    /** Effective ranges led by {@code storeId}, in range id order. */
    public List<RangeView> effectiveRangesLedBy(String storeId) {
        return effectiveRangesByLeader().getOrDefault(storeId, List.of());
    }

    /**
     * A value derived from this landscape alone, computed on first use and shared afterwards. The key must say
     * everything the computation depends on besides the landscape (for a plan: its kind and its rules).
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T memo(Object key, Supplier<T> compute) {
        Object v = memo.get(key);
        if (v == null) {
            v = compute.get();
            memo.put(key, v);
        }
        return (T) v;
    }
}
