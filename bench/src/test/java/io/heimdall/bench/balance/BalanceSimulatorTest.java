package io.heimdall.bench.balance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BalanceSimulatorTest {
    @Test
    void twentyStoresAndTwoThousandRangesConvergeToExactVotersAndEvenLeaders() {
        SimulationReport r = new BalanceSimulator(new SimulationSpec(20, 2_000, 3, 0, 15, 3, 7, 2_000)).run(null);
        assertThat(r.converged()).as(r.toString()).isTrue();
        assertThat(r.exactVoters()).isTrue();
        assertThat(r.voterSpread()).isLessThanOrEqualTo(1);
        assertThat(r.leaderSpread()).isLessThanOrEqualTo(1);
        assertThat(r.rounds()).isGreaterThan(0);
    }

    @Test
    void learnersFollowTheEveryOtherStoreRule() {
        SimulationReport r = new BalanceSimulator(new SimulationSpec(6, 120, 3, -1, 4, 1, 3, 2_000)).run(null);
        assertThat(r.converged()).as(r.toString()).isTrue();
        assertThat(r.exactVoters()).isTrue();
        assertThat(r.voterSpread()).isLessThanOrEqualTo(1);
        assertThat(r.leaderSpread()).isLessThanOrEqualTo(1);
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        SimulationSpec spec = new SimulationSpec(9, 300, 3, 1, 5, 2, 11, 2_000);
        SimulationReport a = new BalanceSimulator(spec).run(null);
        SimulationReport b = new BalanceSimulator(spec).run(null);
        assertThat(a.converged()).as(a.toString()).isTrue();
        assertThat(b.rounds()).isEqualTo(a.rounds());
        assertThat(b.commandsRun()).isEqualTo(a.commandsRun());
    }
}
