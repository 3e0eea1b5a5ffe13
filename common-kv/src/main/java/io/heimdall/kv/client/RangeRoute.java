package io.heimdall.kv.client;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import java.util.Map;

/**
 * Where one range is served: its leader's store and descriptor, and every replica of the same boundary (leader
 * included) that can answer local reads, by store id.
 */
public record RangeRoute(String leaderStore, RangeDescriptor leader, Map<String, RangeDescriptor> replicas) {
    public RangeRoute {
        replicas = Map.copyOf(replicas);
    }

    public KVRangeId id() {
        return leader.id();
    }

    public Boundary boundary() {
        return leader.boundary();
    }

    public long ver() {
        return leader.ver();
    }
}
