package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.RangeView;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.SyncState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans leadership transfers until every live store leads within one of every other (so within [floor, ceil] of
 * the average). A transfer goes from a range's leader to one of its voters that keeps up with it; each range moves
 * at most once per plan.
 */
final class LeaderSpreadPlanner {
    private final List<RangeView> movable = new ArrayList<>();
    private final String[] leaderOf;
    private final boolean[] planned;
    private final StoreLoads leaders;
    private final Map<String, List<Integer>> votingIn = new HashMap<>();
    private final Map<String, List<Integer>> ledBy = new HashMap<>();
    private final Plan plan = new Plan();

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
                if (!v.equals(r.leaderStore()) && canLead(r.leader(), v) && leaders.tracks(v)) {
                    votingIn.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
                }
            }
        }
        leaderOf = new String[movable.size()];
        planned = new boolean[movable.size()];
        for (int i = 0; i < movable.size(); i++) {
            leaderOf[i] = movable.get(i).leaderStore();
        }
    }

    private static boolean canLead(RangeDescriptor leader, String voter) {
        SyncState s = leader.syncState().get(voter);
        return s == null || s == SyncState.Replicating;
    }

    /** The plan of {@code view}, computed once per landscape and shared. */
    static Plan plan(LandscapeView view) {
        return view.memo("LeaderSpreadPlan", () -> {
            LeaderSpreadPlanner p = new LeaderSpreadPlanner(view);
            while (!p.leaders.isEmpty() && p.leaders.max() - p.leaders.min() > 1 && p.moveOne()) {
                // each successful move narrows the spread; stop when no single transfer helps
            }
            return p.plan;
        });
    }

    private boolean moveOne() {
        for (String lo : leaders.ascending()) {
            if (leaders.max() - leaders.count(lo) < 2) {
                break;
            }
            if (pullTo(lo)) {
                return true;
            }
        }
        for (String hi : leaders.descending()) {
            if (leaders.count(hi) - leaders.min() < 2) {
                break;
            }
            if (pushFrom(hi)) {
                return true;
            }
        }
        return false;
    }

    /** Takes over, for {@code lo}, a range whose current leader leads the most (at least two more than lo). */
    private boolean pullTo(String lo) {
        int best = -1;
        for (int i : votingIn.getOrDefault(lo, List.of())) {
            if (!planned[i] && !lo.equals(leaderOf[i])
                && (best < 0 || leaders.count(leaderOf[i]) > leaders.count(leaderOf[best]))) {
                best = i;
            }
        }
        if (best < 0 || leaders.count(leaderOf[best]) - leaders.count(lo) < 2) {
            return false;
        }
        transfer(best, lo);
        return true;
    }

    /** Hands one of {@code hi}'s ranges to its least leading voter (at least two fewer than hi). */
    private boolean pushFrom(String hi) {
        for (int i : ledBy.getOrDefault(hi, List.of())) {
            if (planned[i]) {
                continue;
            }
            String to = null;
            for (String v : movable.get(i).leader().config().voters()) {
                if (!v.equals(hi) && leaders.tracks(v) && canLead(movable.get(i).leader(), v)
                    && (to == null || leaders.count(v) < leaders.count(to))) {
                    to = v;
                }
            }
            if (to != null && leaders.count(hi) - leaders.count(to) >= 2) {
                transfer(i, to);
                return true;
            }
        }
        return false;
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
