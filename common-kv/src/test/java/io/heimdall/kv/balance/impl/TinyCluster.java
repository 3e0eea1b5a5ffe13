package io.heimdall.kv.balance.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.RangeView;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.SyntheticLandscape;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Ranges whose membership and leadership change as balance commands say, for running balancers round by round in
 * tests: each round every store asks its balancer once on the same landscape and runs what it gets.
 */
class TinyCluster {
    final Set<String> stores = new TreeSet<>();
    final Map<KVRangeId, Member> ranges = new TreeMap<>();
    final Map<String, List<StoreBalancer>> balancers = new HashMap<>();

    static final class Member {
        long ver;
        String leader;
        Set<String> voters;
        Set<String> learners;

        Member(long ver, String leader, Set<String> voters, Set<String> learners) {
            this.ver = ver;
            this.leader = leader;
            this.voters = new TreeSet<>(voters);
            this.learners = new TreeSet<>(learners);
        }
    }

    /** Each store asks its balancers in order and runs the first command it gets, as the controller does. */
    TinyCluster(Collection<String> stores, Function<String, List<StoreBalancer>> balancerOf) {
        this.stores.addAll(stores);
        stores.forEach(s -> balancers.put(s, balancerOf.apply(s)));
    }

    void range(long id, String leader, Set<String> voters, Set<String> learners) {
        ranges.put(new KVRangeId(1, id), new Member(0, leader, voters, learners));
    }

    LandscapeView view() {
        SyntheticLandscape l = SyntheticLandscape.stores(stores.toArray(String[]::new));
        int i = 0;
        for (Map.Entry<KVRangeId, Member> e : ranges.entrySet()) {
            Member m = e.getValue();
            l.range(e.getKey(), m.ver, new Boundary(new byte[] {(byte) i}, new byte[] {(byte) (i + 1)}), m.leader,
                m.voters, m.learners);
            i++;
        }
        return l.view();
    }

    /** Runs rounds until no store gets a command; answers the number of rounds that issued commands. */
    int runToQuiet(int maxRounds) {
        for (int round = 0; round < maxRounds; round++) {
            LandscapeView view = view();
            List<BalanceCommand> commands = new ArrayList<>();
            for (String s : stores) {
                for (StoreBalancer b : balancers.get(s)) {
                    b.update(view);
                    BalanceResult r = b.balance();
                    if (r instanceof BalanceResult.BalanceNow now) {
                        BalanceCommand c = now.command();
                        assertThat(c.executor()).isEqualTo(s);
                        RangeView rv = view.ranges().get(c.rangeId());
                        assertThat(rv.leaderStore()).as("only the leader runs %s", c).isEqualTo(s);
                        commands.add(c);
                        break;
                    }
                }
            }
            if (commands.isEmpty()) {
                return round;
            }
            commands.forEach(this::apply);
        }
        throw new AssertionError("no quiet after " + maxRounds + " rounds");
    }

    /** Runs a command as the range's leader would; false when its version is stale. */
    boolean apply(BalanceCommand c) {
        Member m = ranges.get(c.rangeId());
        if (c instanceof BalanceCommand.ChangeConfig cc && cc.expectedVer() == m.ver) {
            m.voters = new TreeSet<>(cc.voters());
            m.learners = new TreeSet<>(cc.learners());
        } else if (c instanceof BalanceCommand.TransferLeadership t && t.expectedVer() == m.ver) {
            m.leader = t.targetStore();
        } else {
            return false;
        }
        m.ver = RangeDescriptor.nextConfigVer(m.ver);
        return true;
    }

    Map<String, Integer> voterCounts() {
        Map<String, Integer> out = new TreeMap<>();
        stores.forEach(s -> out.put(s, 0));
        ranges.values().forEach(m -> m.voters.forEach(v -> out.merge(v, 1, Integer::sum)));
        return out;
    }

    Map<String, Integer> learnerCounts() {
        Map<String, Integer> out = new TreeMap<>();
        stores.forEach(s -> out.put(s, 0));
        ranges.values().forEach(m -> m.learners.forEach(v -> out.merge(v, 1, Integer::sum)));
        return out;
    }

    Map<String, Integer> leaderCounts() {
        Map<String, Integer> out = new TreeMap<>();
        stores.forEach(s -> out.put(s, 0));
        ranges.values().forEach(m -> out.merge(m.leader, 1, Integer::sum));
        return out;
    }

    static int spread(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(i -> i).max().orElse(0)
            - counts.values().stream().mapToInt(i -> i).min().orElse(0);
    }
}
