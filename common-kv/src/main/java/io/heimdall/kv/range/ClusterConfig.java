package io.heimdall.kv.range;

import java.util.Set;
import java.util.TreeSet;

/**
 * Replica membership of a range by store id. {@code nextVoters}/{@code nextLearners} are non-empty only during a
 * joint-consensus change. Learners replicate without voting.
 */
public record ClusterConfig(Set<String> voters, Set<String> learners, Set<String> nextVoters, Set<String> nextLearners) {
    public ClusterConfig {
        voters = Set.copyOf(new TreeSet<>(voters));
        learners = Set.copyOf(new TreeSet<>(learners));
        nextVoters = Set.copyOf(new TreeSet<>(nextVoters));
        nextLearners = Set.copyOf(new TreeSet<>(nextLearners));
    }

    public static ClusterConfig of(Set<String> voters, Set<String> learners) {
        return new ClusterConfig(voters, learners, Set.of(), Set.of());
    }

    public boolean inJointConfig() {
        return !nextVoters.isEmpty() || !nextLearners.isEmpty();
    }

    /** Every store that holds or will hold a replica. */
    public Set<String> allStores() {
        Set<String> all = new TreeSet<>(voters);
        all.addAll(learners);
        all.addAll(nextVoters);
        all.addAll(nextLearners);
        return all;
    }
}
