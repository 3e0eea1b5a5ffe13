package io.heimdall.kv.balance;

import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;

/**
 * Every replica of one range id in the landscape, by store id, and the replica whose leadership counts: among
 * several replicas claiming leadership the one with the highest version, then the highest hlc, then the smallest
 * store id.
 *
 * @param id          the range id
 * @param replicas    replica descriptors by store id, in store id order
 * @param leaderStore the store of the counting leader, or null when no replica leads
 * @param leaders     stores of every replica claiming leadership, in store id order
 */
public record RangeView(KVRangeId id, SortedMap<String, RangeDescriptor> replicas, String leaderStore,
                        List<String> leaders) {
    public RangeView {
        replicas = Collections.unmodifiableSortedMap(replicas);
        leaders = List.copyOf(leaders);
    }

    /** The counting leader's descriptor, or null. */
    public RangeDescriptor leader() {
        return leaderStore == null ? null : replicas.get(leaderStore);
    }

    public boolean hasLeader() {
        return leaderStore != null;
    }

    public boolean isHostedBy(String storeId) {
        return replicas.containsKey(storeId);
    }

    /** Whether the leader may be changed now: it is Normal and not in a joint configuration. */
    public boolean isSettled() {
        RangeDescriptor l = leader();
        return l != null && l.state() == RangeState.Normal && !l.config().inJointConfig();
    }
}
