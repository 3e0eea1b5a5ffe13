package io.heimdall.kv.client;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.range.StoreDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable key-to-leader map built from a landscape: the smallest epoch wins, only leaders in a serving state
 * count, and walking them in key order keeps the first (newest boundary) of any overlapping candidates. Keys no
 * leader covers have no route.
 */
public final class RouteTable {
    /** States in which a range still owns its boundary and serves requests. */
    static final Set<RangeState> SERVING = EnumSet.of(RangeState.Normal, RangeState.ConfigChanging,
        RangeState.PreparedMerging);

    private static final byte[] MIN_KEY = new byte[0];
    private static final RouteTable EMPTY = new RouteTable(Collections.emptyNavigableMap());

    private final NavigableMap<byte[], RangeRoute> byStart;

    private RouteTable(NavigableMap<byte[], RangeRoute> byStart) {
        this.byStart = byStart;
    }

    public static RouteTable empty() {
        return EMPTY;
    }

    private record Replica(String store, RangeDescriptor range) {
    }

    /** The route table of a landscape (store id to descriptor). */
    public static RouteTable build(Map<String, StoreDescriptor> landscape) {
        List<Replica> all = new ArrayList<>();
        landscape.forEach((storeId, d) -> d.ranges().forEach(r -> all.add(new Replica(storeId, r))));
        Optional<Long> epoch = all.stream().map(r -> r.range().id().epoch()).min(Long::compare);
        if (epoch.isEmpty()) {
            return EMPTY;
        }
        // Several stores may claim to lead a range right after an election: the newest version and clock win.
        Map<KVRangeId, Replica> leaders = new HashMap<>();
        for (Replica r : all) {
            RangeDescriptor d = r.range();
            if (d.id().epoch() == epoch.get() && d.isLeader() && SERVING.contains(d.state())) {
                leaders.merge(d.id(), r, (a, b) -> newer(b.range(), a.range()) ? b : a);
            }
        }
        return walk(new ArrayList<>(leaders.values()), all);
    }

    private static RouteTable walk(List<Replica> leaders, List<Replica> all) {
        leaders.sort(Comparator.<Replica, Boundary>comparing(r -> r.range().boundary(), Boundary::compareStart)
            .thenComparing(r -> RangeDescriptor.boundaryVer(r.range().ver()), Comparator.reverseOrder()));
        NavigableMap<byte[], RangeRoute> routes = new TreeMap<>(Arrays::compareUnsigned);
        byte[] covered = null;
        boolean first = true;
        for (Replica l : leaders) {
            Boundary b = l.range().boundary();
            byte[] start = b.start() == null ? MIN_KEY : b.start();
            if (!first && (covered == null || Arrays.compareUnsigned(start, covered) < 0)) {
                continue;
            }
            routes.put(start, new RangeRoute(l.store(), l.range(), replicasOf(l.range(), all)));
            first = false;
            covered = b.end();
            if (covered == null) {
                break;
            }
        }
        return new RouteTable(Collections.unmodifiableNavigableMap(routes));
    }

    private static Map<String, RangeDescriptor> replicasOf(RangeDescriptor leader, List<Replica> all) {
        Map<String, RangeDescriptor> out = new HashMap<>();
        for (Replica r : all) {
            RangeDescriptor d = r.range();
            if (d.id().equals(leader.id()) && d.boundary().equals(leader.boundary()) && SERVING.contains(d.state())) {
                out.put(r.store(), d);
            }
        }
        return out;
    }

    private static boolean newer(RangeDescriptor a, RangeDescriptor b) {
        return a.ver() != b.ver() ? a.ver() > b.ver() : a.hlc() > b.hlc();
    }

    /** The route of the range holding {@code key}, if a leader covers it. */
    public Optional<RangeRoute> find(byte[] key) {
        Map.Entry<byte[], RangeRoute> e = byStart.floorEntry(key);
        return e != null && e.getValue().boundary().contains(key) ? Optional.of(e.getValue()) : Optional.empty();
    }

    public Optional<RangeRoute> byId(KVRangeId id) {
        return byStart.values().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Every route in key order. */
    public Collection<RangeRoute> routes() {
        return byStart.values();
    }

    /**
     * This table with a newer descriptor a leader answered (with BAD_VERSION) in place of the routes it overlaps;
     * unchanged when {@code latest} is not a serving leader or not newer than what the table holds.
     */
    public RouteTable patch(String store, RangeDescriptor latest) {
        if (!latest.isLeader() || !SERVING.contains(latest.state())) {
            return this;
        }
        Optional<RangeRoute> same = byId(latest.id());
        if (same.isPresent() && !newer(latest, same.get().leader())) {
            return this;
        }
        NavigableMap<byte[], RangeRoute> next = new TreeMap<>(Arrays::compareUnsigned);
        byStart.forEach((k, r) -> {
            if (!r.boundary().overlaps(latest.boundary()) && !r.id().equals(latest.id())) {
                next.put(k, r);
            }
        });
        Map<String, RangeDescriptor> replicas = new HashMap<>();
        replicas.put(store, latest);
        byte[] start = latest.boundary().start();
        next.put(start == null ? MIN_KEY : start, new RangeRoute(store, latest, replicas));
        return new RouteTable(Collections.unmodifiableNavigableMap(next));
    }
}
