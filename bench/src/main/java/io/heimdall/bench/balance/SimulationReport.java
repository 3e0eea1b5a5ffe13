package io.heimdall.bench.balance;

/**
 * The outcome of a simulation.
 *
 * @param converged         whether a round came where no store had anything to do and the targets were met
 * @param rounds            rounds that issued at least one command
 * @param commandsRun       commands that took effect
 * @param commandsDropped   commands refused by the model (stale version), as BAD_VERSION would drop them
 * @param avgComputeMillis  mean time per round to index the landscape and ask every store's balancers
 * @param maxComputeMillis  the slowest such round
 * @param avgLandscapeMillis mean time per round to build the store descriptors (the model's cost, not the balancers')
 * @param exactVoters       whether every range ends with exactly the wanted voters (and learners)
 * @param voterSpread       max - min voters per store at the end
 * @param leaderSpread      max - min leaders per store at the end
 * @param commandDigest     a hash of every command in the order they ran: equal runs have equal digests
 */
public record SimulationReport(boolean converged, int rounds, long commandsRun, long commandsDropped,
                               double avgComputeMillis, double maxComputeMillis, double avgLandscapeMillis,
                               boolean exactVoters, int voterSpread, int leaderSpread, long commandDigest) {
    @Override
    public String toString() {
        return String.format("converged=%s rounds=%d commands=%d dropped=%d compute/round avg=%.1f ms max=%.1f ms "
                + "landscape/round avg=%.1f ms exactVoters=%s voterSpread=%d leaderSpread=%d digest=%016x", converged, rounds,
            commandsRun, commandsDropped, avgComputeMillis, maxComputeMillis, avgLandscapeMillis, exactVoters,
            voterSpread, leaderSpread, commandDigest);
    }
}
