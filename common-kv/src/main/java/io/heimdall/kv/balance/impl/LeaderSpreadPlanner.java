package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.RangeView;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.range.SyncState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans leadership transfers until every live store leads within one of every other (so within [floor, ceil] of
 * the average). A transfer goes from a range's leader to one of its voters that keeps up with it; each range moves
 * at most once per plan.
 */
final class LeaderSpreadPlanner {
    private final List<RangeView> movable = new ArrayList<>();
    private final String[] leaderOf;
    private final boolean[] planned;
    private final String[][] candidates;
    private final StoreLoads leaders;
    private final Map<String, List<Integer>> votingIn = new HashMap<>();
    private final Map<String, List<Integer>> ledBy = new HashMap<>();
    private final Plan plan = new Plan();
    private final Set<String> deadForward = new HashSet<>();
    private final Set<String> deadBackward = new HashSet<>();

    private LeaderSpreadPlanner(LandscapeView view) {
        leaders = new StoreLoads(view.stores().navigableKeySet());
        for (RangeView r : view.effectiveRanges()) {
            leaders.add(r.leaderStore(), 1);
            if (!r.isSettled()) {
                continue;
            }
            int i = movable.size();
            movable.add(r);
            ledBy.computeIfAbsent(r.leaderStore(), k -> new ArrayList<>()).add(i);
            for (String v : r.leader().config().voters()) {
                if (!v.equals(r.leaderStore()) && canLead(r, v) && leaders.tracks(v)) {
                    votingIn.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
                }
            }
        }
        leaderOf = new String[movable.size()];
        planned = new boolean[movable.size()];
        candidates = new String[movable.size()][];
        for (int i = 0; i < movable.size(); i++) {
            RangeView r = movable.get(i);
            leaderOf[i] = r.leaderStore();
            // sorted: the iteration order of the descriptor's sets differs between JVMs, the plan must not
            candidates[i] = new TreeSet<>(r.leader().config().voters()).stream()
                .filter(v -> !v.equals(r.leaderStore()) && leaders.tracks(v) && canLead(r, v))
                .toArray(String[]::new);
        }
    }

    /**
     * Whether {@code voter} can take over {@code range} now: the leader sees it keeping up, and its own replica has
     * applied everything the leader has (a voter that has not would lead with a stale picture of the range).
     */
    private static boolean canLead(RangeView range, String voter) {
        SyncState s = range.leader().syncState().get(voter);
        RangeDescriptor replica = range.replicas().get(voter);
        return (s == null || s == SyncState.Replicating) && replica != null
            && replica.ver() == range.leader().ver() && replica.state() == RangeState.Normal;
    }

    /** The plan of {@code view}, computed once per landscape and shared. */
    static Plan plan(LandscapeView view) {
        return view.memo("LeaderSpreadPlan", () -> {
            LeaderSpreadPlanner p = new LeaderSpreadPlanner(view);
            p.even(view.stores().navigableKeySet());
            return p.plan;
        });
    }

    /**
     * Every store above ceil of the average hands ranges to voters below ceil, then every store below floor takes
     * ranges from leaders above floor; each transfer is one scan of one store's ranges.
     */
    private void even(Collection<String> alive) {
        if (alive.isEmpty()) {
            return;
        }
        long total = 0;
        for (String s : alive) {
            total += leaders.count(s);
        }
        int floor = (int) (total / alive.size());
        int ceil = total % alive.size() == 0 ? floor : floor + 1;
        for (String hi : alive) {
            while (leaders.count(hi) > ceil && pushFrom(hi, ceil)) {
                // each call moves one leadership off hi
            }
        }
        for (String lo : alive) {
            while (leaders.count(lo) < floor && pullTo(lo, floor)) {
                // each call moves one leadership to lo
            }
        }
    }

    /**
     * Moves one leadership into {@code lo} from a store leading more than {@code floor}, directly or along a chain
     * of transfers in which every store in between gives one and takes one.
     */
    private boolean pullTo(String lo, int floor) {
        return applyPath(search(lo, floor, false));
    }

    /**
     * Moves one leadership out of {@code hi} to a store leading fewer than {@code ceil}, directly or along a chain.
     */
    private boolean pushFrom(String hi, int ceil) {
        return applyPath(search(hi, ceil, true));
    }

    /** One planned leadership transfer: range index and the new leader. */
    private record Step(int range, String to) {
    }

    /**
     * Breadth-first search over possible transfers (leader to a voter of one of its unplanned ranges), forwards
     * from {@code start} to a store below {@code bound} or backwards to a store above it. Answers the transfers of
     * the shortest such chain, or null when there is none.
     */
    private List<Step> search(String start, int bound, boolean forward) {
        Set<String> dead = forward ? deadForward : deadBackward;
        if (dead.contains(start)) {
            return null;
        }
        Map<String, String> parent = new HashMap<>();
        Map<String, Integer> via = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        queue.add(start);
        parent.put(start, start);
        while (!queue.isEmpty()) {
            String x = queue.poll();
            for (int i : forward ? ledBy.getOrDefault(x, List.of()) : votingIn.getOrDefault(x, List.of())) {
                if (planned[i]) {
                    continue;
                }
                for (String y : forward ? voterCandidates(i) : new String[] {leaderOf[i]}) {
                    if (parent.containsKey(y) || dead.contains(y)) {
                        continue;
                    }
                    parent.put(y, x);
                    via.put(y, i);
                    if (forward ? leaders.count(y) < bound : leaders.count(y) > bound) {
                        List<Step> steps = new ArrayList<>();
                        for (String z = y; !z.equals(start); z = parent.get(z)) {
                            // forward: the range moves from parent(z) to z; backward: from z to parent(z)
                            steps.add(new Step(via.get(z), forward ? z : parent.get(z)));
                        }
                        return steps;
                    }
                    queue.add(y);
                }
            }
        }
        // Nothing reachable from here can take (give) a leadership. Within one phase that stays true: transfers
        // only remove edges, and no store crosses the bound in the wrong direction.
        dead.addAll(parent.keySet());
        return null;
    }

    private boolean applyPath(List<Step> steps) {
        if (steps == null) {
            return false;
        }
        steps.forEach(s -> transfer(s.range(), s.to()));
        return true;
    }

    private String[] voterCandidates(int i) {
        return candidates[i];
    }

    private void transfer(int i, String to) {
        RangeView r = movable.get(i);
        String from = leaderOf[i];
        planned[i] = true;
        leaders.add(from, -1);
        leaders.add(to, 1);
        leaderOf[i] = to;
        plan.add(new BalanceResult.BalanceNow(new BalanceCommand.TransferLeadership(from, r.id(), r.leader().ver(),
            to), "store " + from + " leads " + (leaders.count(from) + 1) + " ranges, " + to + " leads "
            + (leaders.count(to) - 1)));
    }
}
