package io.heimdall.bench.balance;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.heimdall.kv.balance.config.BalancerFactories;
import io.heimdall.kv.balance.config.BuiltinBalancers;
import io.heimdall.kv.balance.impl.RangeLeaderBalancerFactory;
import io.heimdall.kv.balance.impl.ReplicaCntBalancerFactory;
import io.heimdall.kv.range.ClusterConfig;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs every store's balancers (the always-on ones, ReplicaCnt and RangeLeader) round by round on a
 * {@link SimulatedCluster}: each round all stores see the same landscape, each runs at most one command, and the
 * commands take effect before the next round. Time is simulated: one second per round.
 */
public final class BalanceSimulator {
    private static final long ROUND_MILLIS = 1_000;

    private final SimulationSpec spec;
    private final SimulatedCluster cluster;
    private final Map<String, List<StoreBalancer>> balancers = new HashMap<>();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Map<String, Long> nanosPerPart = new TreeMap<>();

    public BalanceSimulator(SimulationSpec spec) {
        this.spec = spec;
        this.cluster = new SimulatedCluster(spec);
        AtomicLong hlc = new AtomicLong(1L << 40);
        JsonObject replicaRules = new JsonObject().put(ReplicaCntBalancerFactory.VOTERS, spec.votersPerRange())
            .put(ReplicaCntBalancerFactory.LEARNERS, spec.learnersPerRange());
        List<String> order = new ArrayList<>(BuiltinBalancers.ALWAYS_ON);
        order.add(ReplicaCntBalancerFactory.class.getName());
        order.add(RangeLeaderBalancerFactory.class.getName());
        Random seeds = new Random(spec.seed());
        for (String store : cluster.stores()) {
            BalancerContext ctx = new BalancerContext(clock::get, new Random(seeds.nextLong()), hlc::incrementAndGet);
            List<StoreBalancer> mine = new ArrayList<>();
            for (String cls : order) {
                StoreBalancerFactory f = BalancerFactories.load(cls);
                StoreBalancer b = f.newBalancer("sim", store, ctx);
                b.update(cls.equals(ReplicaCntBalancerFactory.class.getName()) ? replicaRules : f.initialLoadRules());
                mine.add(b);
            }
            balancers.put(store, mine);
        }
    }

    /** Runs until a quiet round or {@code maxRounds}; {@code progress} hears about every round. */
    public SimulationReport run(Consumer<String> progress) {
        long computeNanos = 0;
        long maxCompute = 0;
        long landscapeNanos = 0;
        long run = 0;
        long dropped = 0;
        long digest = 17;
        int rounds = 0;
        boolean quiet = false;
        while (rounds < spec.maxRounds()) {
            long t0 = System.nanoTime();
            var landscape = cluster.landscape();
            long t1 = System.nanoTime();
            LandscapeView view = LandscapeView.of(landscape);
            long tv = System.nanoTime();
            nanosPerPart.merge("LandscapeView", tv - t1, Long::sum);
            List<BalanceCommand> commands = new ArrayList<>();
            for (String store : cluster.stores()) {
                for (StoreBalancer b : balancers.get(store)) {
                    long tb = System.nanoTime();
                    b.update(view);
                    BalanceResult r = b.balance();
                    nanosPerPart.merge(b.getClass().getSimpleName(), System.nanoTime() - tb, Long::sum);
                    if (r instanceof BalanceResult.BalanceNow now) {
                        commands.add(now.command());
                        break;
                    }
                }
            }
            long t2 = System.nanoTime();
            landscapeNanos += t1 - t0;
            computeNanos += t2 - t1;
            maxCompute = Math.max(maxCompute, t2 - t1);
            if (commands.isEmpty()) {
                quiet = true;
                break;
            }
            rounds++;
            for (BalanceCommand c : commands) {
                digest = digest * 31 + c.toString().hashCode();
                if (cluster.apply(c)) {
                    run++;
                } else {
                    dropped++;
                }
            }
            clock.addAndGet(ROUND_MILLIS);
            if (progress != null) {
                progress.accept(String.format("round %d: %d commands, compute %.1f ms", rounds, commands.size(),
                    (t2 - t1) / 1e6));
            }
        }
        int asked = rounds + (quiet ? 1 : 0);
        return new SimulationReport(quiet && exactVoters(), rounds, run, dropped, computeNanos / 1e6 / asked,
            maxCompute / 1e6, landscapeNanos / 1e6 / asked, exactVoters(), spread(voterCounts()),
            spread(leaderCounts()), digest);
    }

    /** Milliseconds spent so far per part of a round: indexing the landscape and each balancer class. */
    public Map<String, Double> millisPerPart() {
        Map<String, Double> out = new TreeMap<>();
        nanosPerPart.forEach((k, v) -> out.put(k, v / 1e6));
        return out;
    }

    private boolean exactVoters() {
        int n = cluster.stores().size();
        for (int i = 0; i < cluster.rangeCount(); i++) {
            ClusterConfig c = cluster.config(i);
            int wantLearners = spec.learnersPerRange() < 0 ? n - spec.votersPerRange() : spec.learnersPerRange();
            if (c.voters().size() != spec.votersPerRange() || c.learners().size() != wantLearners) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Integer> voterCounts() {
        Map<String, Integer> out = zero();
        for (int i = 0; i < cluster.rangeCount(); i++) {
            cluster.config(i).voters().forEach(v -> out.merge(v, 1, Integer::sum));
        }
        return out;
    }

    private Map<String, Integer> leaderCounts() {
        Map<String, Integer> out = zero();
        for (int i = 0; i < cluster.rangeCount(); i++) {
            out.merge(cluster.leader(i), 1, Integer::sum);
        }
        return out;
    }

    private Map<String, Integer> zero() {
        Map<String, Integer> out = new HashMap<>();
        cluster.stores().forEach(s -> out.put(s, 0));
        return out;
    }

    private static int spread(Map<String, Integer> counts) {
        int max = counts.values().stream().mapToInt(i -> i).max().orElse(0);
        int min = counts.values().stream().mapToInt(i -> i).min().orElse(0);
        return max - min;
    }
}
