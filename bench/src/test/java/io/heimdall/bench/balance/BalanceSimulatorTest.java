package io.heimdall.bench.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
    void everyJvmComputesTheSamePlans() throws Exception {
        // Immutable sets iterate in an order salted per JVM: a plan that depended on it would differ here
        SimulationReport here = new BalanceSimulator(new SimulationSpec(12, 600, 3, 1, 8, 3, 5, 2_000)).run(null);
        for (int i = 0; i < 2; i++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BalanceSimulatorMain.class.getName(),
                "12", "600", "3", "1", "8", "5").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains(String.format("digest=%016x", here.commandDigest()));
        }
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        SimulationSpec spec = new SimulationSpec(9, 300, 3, 1, 5, 2, 11, 2_000);
        SimulationReport a = new BalanceSimulator(spec).run(null);
        SimulationReport b = new BalanceSimulator(spec).run(null);
        assertThat(a.converged()).as(a.toString()).isTrue();
        assertThat(b.rounds()).isEqualTo(a.rounds());
        assertThat(b.commandsRun()).isEqualTo(a.commandsRun());
        assertThat(b.commandDigest()).isEqualTo(a.commandDigest());
    }
}
