package io.heimdall.kv.balance;

import io.heimdall.kv.range.ClusterConfig;

/** Membership questions about a cluster config that do not copy its sets (balancers ask them per replica). */
public final class Members {
    private Members() {
    }

    /** Whether {@code store} holds or will hold a replica under {@code config}. */
    public static boolean includes(ClusterConfig config, String store) {
        return config.voters().contains(store) || config.learners().contains(store)
            || config.nextVoters().contains(store) || config.nextLearners().contains(store);
    }
}
