package io.heimdall.kv.balance.config;

import io.heimdall.kv.balance.impl.RangeLeaderBalancerFactory;
import io.heimdall.kv.balance.impl.RangeSplitBalancerFactory;
import io.heimdall.kv.balance.impl.ReplicaCntBalancerFactory;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The reference system's balancers per store name when the configuration names none: dist.worker runs ReplicaCnt
 * (3 voters, -1 learners) and RangeLeader; inbox.store ReplicaCnt (1 voter, 0 learners), RangeSplit and
 * RangeLeader; retain.store ReplicaCnt (3, -1) and RangeSplit. The system properties
 * {@code dist_worker_range_voter_count}, {@code inbox_store_range_voter_count} and
 * {@code retain_store_range_voter_count} set the default voters per range.
 */
public final class BalancerDefaults {
    public static final String DIST_WORKER = "dist.worker";
    public static final String INBOX_STORE = "inbox.store";
    public static final String RETAIN_STORE = "retain.store";

    private BalancerDefaults() {
    }

    /** Default factories and their rules for {@code storeName}, read against the JVM's system properties. */
    public static Map<String, JsonObject> forStore(String storeName) {
        return forStore(storeName, System.getProperties());
    }

    /**
     * Default factories (canonical class names, in the order they run) and their rules for {@code storeName};
     * none for a store name the reference does not know.
     *
     * @throws IllegalArgumentException naming the property when a voter count property is not an odd number > 0
     */
    public static Map<String, JsonObject> forStore(String storeName, Properties props) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        String replicaCnt = ReplicaCntBalancerFactory.class.getName();
        String leader = RangeLeaderBalancerFactory.class.getName();
        String split = RangeSplitBalancerFactory.class.getName();
        switch (storeName) {
            case DIST_WORKER -> {
                out.put(replicaCnt, replicaRules(voters(props, "dist_worker_range_voter_count", 3), -1));
                out.put(leader, new JsonObject());
            }
            case INBOX_STORE -> {
                out.put(replicaCnt, replicaRules(voters(props, "inbox_store_range_voter_count", 1), 0));
                out.put(split, new RangeSplitBalancerFactory().initialLoadRules());
                out.put(leader, new JsonObject());
            }
            case RETAIN_STORE -> {
                out.put(replicaCnt, replicaRules(voters(props, "retain_store_range_voter_count", 3), -1));
                out.put(split, new RangeSplitBalancerFactory().initialLoadRules());
            }
            default -> {
                // a store name of our own: only the always-on balancers
            }
        }
        return out;
    }

    private static JsonObject replicaRules(int voters, int learners) {
        return new JsonObject().put(ReplicaCntBalancerFactory.VOTERS, voters)
            .put(ReplicaCntBalancerFactory.LEARNERS, learners);
    }

    private static int voters(Properties props, String key, int fallback) {
        String v = props.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0 && n % 2 == 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + key + ": must be an odd number > 0, got " + v);
    }
}
