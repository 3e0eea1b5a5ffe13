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
 */
public final class RangeView {
    private final KVRangeId id;
    private final SortedMap<String, RangeDescriptor> replicas;
    private final String leaderStore;
    private final RangeDescriptor leader;
    private final List<String> leaders;
    private final long maxVer;

    /**
     * @param id          the range id
     * @param replicas    replica descriptors by store id, in store id order
     * @param leaderStore the store of the counting leader, or null when no replica leads
     * @param leaders     stores of every replica claiming leadership, in store id order
     */
    public RangeView(KVRangeId id, SortedMap<String, RangeDescriptor> replicas, String leaderStore,
                     List<String> leaders) {
        this.id = id;
        this.replicas = Collections.unmodifiableSortedMap(replicas);
        this.leaderStore = leaderStore;
        this.leader = leaderStore == null ? null : replicas.get(leaderStore);
        this.leaders = List.copyOf(leaders);
        long max = Long.MIN_VALUE;
        for (RangeDescriptor r : replicas.values()) {
            max = Math.max(max, r.ver());
        }
        this.maxVer = max;
    }

    public KVRangeId id() {
        return id;
    }

    public SortedMap<String, RangeDescriptor> replicas() {
        return replicas;
    }

    /** The store of the counting leader, or null. */
    public String leaderStore() {
        return leaderStore;
    }

    /** Stores of every replica claiming leadership, in store id order. */
    public List<String> leaders() {
        return leaders;
    }

    /** The counting leader's descriptor, or null. */
    public RangeDescriptor leader() {
        return leader;
    }

    public boolean hasLeader() {
        return leaderStore != null;
    }

    public boolean isHostedBy(String storeId) {
        return replicas.containsKey(storeId);
    }

    /**
     * Whether the leader may be changed now: it is Normal, not in a joint configuration, and no replica reports a
     * newer version than it does (a leader that has not applied its log yet describes the range as it was).
     */
    public boolean isSettled() {
        return leader != null && leader.state() == RangeState.Normal && !leader.config().inJointConfig()
            && leader.ver() >= maxVer;
    }

    @Override
    public String toString() {
        return "RangeView{" + id + " leader=" + leaderStore + " replicas=" + replicas.keySet() + "}";
    }
}
