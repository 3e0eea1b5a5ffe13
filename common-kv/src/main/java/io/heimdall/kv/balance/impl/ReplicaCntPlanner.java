package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.RangeView;
import io.heimdall.kv.range.ClusterConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the membership of every settled range of one landscape: first each range gets exactly the wanted voters
 * and learners from the live stores (dead members dropped, the least loaded stores added), then voters and then
 * learners are moved from the most to the least loaded stores until no two stores differ by more than one.
 * A range gets at most one change per plan; the range leader's own voter seat never moves (leadership does that).
 */
final class ReplicaCntPlanner {
    private final LandscapeView view;
    private final int wantVoters;
    private final int wantLearners;
    private final NavigableSet<String> alive;
    private final List<RangeView> settled = new ArrayList<>();
    private final List<Set<String>> voters = new ArrayList<>();
    private final List<Set<String>> learners = new ArrayList<>();
    private final boolean[] planned;
    private final StoreLoads voterLoads;
    private final StoreLoads learnerLoads;
    private final Plan plan = new Plan();

    private ReplicaCntPlanner(LandscapeView view, int wantVoters, int wantLearners) {
        this.view = view;
        this.wantVoters = wantVoters;
        this.wantLearners = wantLearners;
        this.alive = view.stores().navigableKeySet();
        this.voterLoads = new StoreLoads(alive);
        this.learnerLoads = new StoreLoads(alive);
        for (RangeView r : view.effectiveRanges()) {
            ClusterConfig cfg = r.leader().config();
            if (!r.isSettled()) {
                // Its members still count as load: they will hold the replicas once the change completes.
                Set<String> v = new TreeSet<>(cfg.voters());
                v.addAll(cfg.nextVoters());
                Set<String> l = new TreeSet<>(cfg.learners());
                l.addAll(cfg.nextLearners());
                l.removeAll(v);
                v.forEach(s -> voterLoads.add(s, 1));
                l.forEach(s -> learnerLoads.add(s, 1));
                continue;
            }
            settled.add(r);
            Set<String> v = new TreeSet<>(cfg.voters());
            Set<String> l = new TreeSet<>(cfg.learners());
            l.removeAll(v);
            voters.add(v);
            learners.add(l);
            v.forEach(s -> voterLoads.add(s, 1));
            l.forEach(s -> learnerLoads.add(s, 1));
        }
        this.planned = new boolean[settled.size()];
    }

    /** The plan of {@code view} for the given rules, computed once per landscape and shared. */
    static Plan plan(LandscapeView view, int wantVoters, int wantLearners) {
        return view.memo(List.of("ReplicaCntPlan", wantVoters, wantLearners), () -> {
            // Fewer live stores than wanted voters looks like a rolling restart: wait rather than shuffle.
            if (view.stores().size() < wantVoters) {
                return new Plan();
            }
            ReplicaCntPlanner p = new ReplicaCntPlanner(view, wantVoters, wantLearners);
            p.meetCounts();
            p.even(true);
            if (wantLearners > 0) {
                p.even(false);
            }
            return p.plan;
        });
    }

    private void meetCounts() {
        for (int i = 0; i < settled.size(); i++) {
            RangeView r = settled.get(i);
            Set<String> v = voters.get(i);
            Set<String> l = learners.get(i);
            List<String> dead = new ArrayList<>();
            for (String s : r.leader().config().allStores()) {
                if (!alive.contains(s)) {
                    dead.add(s);
                }
            }
            v.removeIf(s -> !alive.contains(s));
            l.removeIf(s -> !alive.contains(s));
            String leader = r.leaderStore();
            while (v.size() < wantVoters) {
                // a learner already holds the data: promoting it is the cheapest way to a voter
                String s = voterLoads.least(x -> !v.contains(x));
                v.add(s);
                voterLoads.add(s, 1);
                if (l.remove(s)) {
                    learnerLoads.add(s, -1);
                }
            }
            while (v.size() > wantVoters) {
                String s = voterLoads.most(x -> v.contains(x) && !x.equals(leader));
                if (s == null) {
                    break;
                }
                v.remove(s);
                voterLoads.add(s, -1);
            }
            // New voters first, new learners in a later change: Raft stages fewer new peers at a time.
            if (r.leader().config().voters().containsAll(v)) {
                meetLearnerCount(v, l);
            }
            ClusterConfig cfg = r.leader().config();
            if (!v.equals(cfg.voters()) || !l.equals(cfg.learners())) {
                String reason = "want " + wantVoters + " voters and " + wantLearners + " learners, have "
                    + cfg.voters().size() + " and " + cfg.learners().size()
                    + (dead.isEmpty() ? "" : ", members gone from the landscape: " + dead);
                propose(i, reason);
            }
        }
    }

    private void meetLearnerCount(Set<String> v, Set<String> l) {
        if (wantLearners < 0) {
            for (String s : alive) {
                if (!v.contains(s) && l.add(s)) {
                    learnerLoads.add(s, 1);
                }
            }
            return;
        }
        while (l.size() < wantLearners) {
            String s = learnerLoads.least(x -> !v.contains(x) && !l.contains(x));
            if (s == null) {
                break;
            }
            l.add(s);
            learnerLoads.add(s, 1);
        }
        while (l.size() > wantLearners) {
            String s = learnerLoads.most(l::contains);
            l.remove(s);
            learnerLoads.add(s, -1);
        }
    }

    /**
     * Moves voter (or learner) seats until every store holds between floor and ceil of the average: first every
     * store above ceil gives seats to stores below ceil, then every store below floor takes seats from stores
     * above floor. Each move is a scan of one store's seats, so a plan costs O(moves x seats per store).
     */
    private void even(boolean voterSeats) {
        StoreLoads loads = voterSeats ? voterLoads : learnerLoads;
        List<Set<String>> seats = voterSeats ? voters : learners;
        Map<String, LinkedHashSet<Integer>> rangesOf = new HashMap<>();
        long total = 0;
        for (int i = 0; i < settled.size(); i++) {
            if (!planned[i]) {
                for (String s : seats.get(i)) {
                    rangesOf.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(i);
                }
            }
        }
        for (String s : alive) {
            total += loads.count(s);
        }
        int floor = (int) (total / alive.size());
        int ceil = total % alive.size() == 0 ? floor : floor + 1;
        for (String hi : alive) {
            while (loads.count(hi) > ceil && shed(hi, ceil, loads, seats, rangesOf, voterSeats)) {
                // each call moves one seat off hi
            }
        }
        for (String lo : alive) {
            while (loads.count(lo) < floor && take(lo, floor, loads, seats, rangesOf, voterSeats)) {
                // each call moves one seat to lo
            }
        }
    }

    /** Moves one of {@code hi}'s seats to the least loaded store below {@code ceil} that is free to take it. */
    private boolean shed(String hi, int ceil, StoreLoads loads, List<Set<String>> seats,
                         Map<String, LinkedHashSet<Integer>> rangesOf, boolean voterSeats) {
        for (int i : rangesOf.getOrDefault(hi, new LinkedHashSet<>())) {
            if (!movable(i, hi, voterSeats)) {
                continue;
            }
            String lo = loads.least(x -> isFree(i, x, voterSeats));
            if (lo != null && loads.count(lo) < ceil) {
                move(i, hi, lo, seats, rangesOf, voterSeats);
                return true;
            }
        }
        return false;
    }

    /** Moves to {@code lo} one seat of the most loaded store above {@code floor} that can give one. */
    private boolean take(String lo, int floor, StoreLoads loads, List<Set<String>> seats,
                         Map<String, LinkedHashSet<Integer>> rangesOf, boolean voterSeats) {
        for (String hi : loads.descending()) {
            if (loads.count(hi) <= floor) {
                return false;
            }
            for (int i : rangesOf.getOrDefault(hi, new LinkedHashSet<>())) {
                if (movable(i, hi, voterSeats) && isFree(i, lo, voterSeats)) {
                    move(i, hi, lo, seats, rangesOf, voterSeats);
                    return true;
                }
            }
        }
        return false;
    }

    private boolean movable(int i, String from, boolean voterSeats) {
        return !planned[i] && !(voterSeats && from.equals(settled.get(i).leaderStore()));
    }

    private boolean isFree(int i, String store, boolean voterSeats) {
        return voterSeats ? !voters.get(i).contains(store)
            : !voters.get(i).contains(store) && !learners.get(i).contains(store);
    }

    private void move(int i, String hi, String lo, List<Set<String>> seats,
                      Map<String, LinkedHashSet<Integer>> rangesOf, boolean voterSeats) {
        for (String s : seats.get(i)) {
            LinkedHashSet<Integer> set = rangesOf.get(s);
            if (set != null) {
                set.remove(i);
            }
        }
        if (voterSeats) {
            moveVoter(i, hi, lo);
        } else {
            learners.get(i).remove(hi);
            learners.get(i).add(lo);
            learnerLoads.add(hi, -1);
            learnerLoads.add(lo, 1);
        }
        propose(i, (voterSeats ? "voter" : "learner") + " seat moves from " + hi + " to " + lo
            + " to even out replicas per store");
    }

    /**
     * Moves a voter seat from {@code hi} to {@code lo} in one change. A learner {@code lo} is promoted and
     * {@code hi} takes its learner seat (Ratis turns a listener into a follower once the new configuration is
     * stable); with every other live store a learner, {@code hi} stays as a learner too.
     */
    private void moveVoter(int i, String hi, String lo) {
        Set<String> v = voters.get(i);
        Set<String> l = learners.get(i);
        v.remove(hi);
        v.add(lo);
        voterLoads.add(hi, -1);
        voterLoads.add(lo, 1);
        if (l.remove(lo)) {
            learnerLoads.add(lo, -1);
            l.add(hi);
            learnerLoads.add(hi, 1);
        } else if (wantLearners < 0) {
            l.add(hi);
            learnerLoads.add(hi, 1);
        }
    }

    private void propose(int i, String reason) {
        planned[i] = true;
        RangeView r = settled.get(i);
        plan.add(new BalanceResult.BalanceNow(new BalanceCommand.ChangeConfig(r.leaderStore(), r.id(),
            r.leader().ver(), voters.get(i), learners.get(i)), reason));
    }
}
