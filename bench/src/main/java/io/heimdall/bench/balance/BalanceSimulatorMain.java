package io.heimdall.bench.balance;

/**
 * Runs one simulation from the command line and prints its report. Arguments (all optional, in order): stores,
 * ranges, votersPerRange, learnersPerRange, initialStores, seed. Defaults: 1000 stores, 100000 ranges, 3 voters,
 * 0 learners, 800 initial stores (200 join empty), seed 1.
 */
public final class BalanceSimulatorMain {
    private BalanceSimulatorMain() {
    }

    public static void main(String[] args) {
        int stores = arg(args, 0, 1000);
        int ranges = arg(args, 1, 100_000);
        int voters = arg(args, 2, 3);
        int learners = arg(args, 3, 0);
        int initialStores = arg(args, 4, stores * 4 / 5);
        long seed = arg(args, 5, 1);
        SimulationSpec spec = new SimulationSpec(stores, ranges, voters, learners, initialStores, voters, seed,
            10_000);
        System.out.println("simulating " + spec);
        long t0 = System.nanoTime();
        BalanceSimulator simulator = new BalanceSimulator(spec);
        SimulationReport report = simulator.run(line -> {
            if (line.startsWith("round ") && Integer.parseInt(line.substring(6, line.indexOf(':'))) % 25 == 0) {
                System.out.println(line);
            }
        });
        System.out.println(report);
        System.out.println("total compute per part (ms): " + simulator.millisPerPart());
        System.out.printf("wall time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (!report.converged()) {
            System.exit(1);
        }
    }

    private static int arg(String[] args, int i, int fallback) {
        if (args.length <= i) {
            return fallback;
        }
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be a whole number: " + args[i], e);
        }
    }
}
