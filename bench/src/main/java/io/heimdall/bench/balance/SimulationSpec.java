package io.heimdall.bench.balance;

/**
 * The shape of one simulation: {@code stores} stores and {@code ranges} ranges, the ReplicaCnt rules to converge
 * to, and the starting point: every range on 1 to {@code initialVoters} random voters among the first
 * {@code initialStores} stores (the rest joined empty), led by one of them.
 */
public record SimulationSpec(int stores, int ranges, int votersPerRange, int learnersPerRange, int initialStores,
                             int initialVoters, long seed, int maxRounds) {
    public SimulationSpec {
        if (stores < 1 || ranges < 1 || initialStores < 1 || initialStores > stores) {
            throw new IllegalArgumentException("need stores >= initialStores >= 1 and ranges >= 1");
        }
        if (votersPerRange < 1 || votersPerRange % 2 == 0 || learnersPerRange < -1) {
            throw new IllegalArgumentException("votersPerRange must be odd and > 0, learnersPerRange >= -1");
        }
        if (initialVoters < 1 || initialVoters > initialStores || maxRounds < 1) {
            throw new IllegalArgumentException("need 1 <= initialVoters <= initialStores and maxRounds >= 1");
        }
    }
}
