package io.heimdall.kv.balance.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.LoadHint;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.range.StoreDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandGateTest {
    private static final KVRangeId LED = new KVRangeId(1, 0);
    private static final KVRangeId FOLLOWED = new KVRangeId(1, 1);

    private static RangeDescriptor replica(KVRangeId id, RaftRole role) {
        return new RangeDescriptor(id, 7, Boundary.FULL, RangeState.Normal, role,
            ClusterConfig.of(Set.of("me", "other"), Set.of()), Map.of(), Map.of(), LoadHint.NONE, 1);
    }

    private static final StoreDescriptor ME = new StoreDescriptor("me", "h", "127.0.0.1:1", Map.of(), Map.of(),
        List.of(replica(LED, RaftRole.Leader), replica(FOLLOWED, RaftRole.Follower)), 1);

    @Test
    void onlyTheLeaderAtTheExpectedVersionRunsRangeCommands() {
        assertThat(CommandGate.refusal(new BalanceCommand.TransferLeadership("me", LED, 7, "other"), ME)).isNull();
        assertThat(CommandGate.refusal(new BalanceCommand.ChangeConfig("me", LED, 7, Set.of("me"), Set.of()), ME))
            .isNull();
        assertThat(CommandGate.refusal(new BalanceCommand.Split("me", LED, 7, new byte[] {1}), ME)).isNull();
        assertThat(CommandGate.refusal(new BalanceCommand.Merge("me", LED, 7, FOLLOWED), ME)).isNull();

        assertThat(CommandGate.refusal(new BalanceCommand.TransferLeadership("me", FOLLOWED, 7, "other"), ME))
            .contains("does not lead");
        assertThat(CommandGate.refusal(new BalanceCommand.ChangeConfig("other", LED, 7, Set.of("me"), Set.of()), ME))
            .contains("addressed to store other");
        assertThat(CommandGate.refusal(new BalanceCommand.Split("me", LED, 6, new byte[] {1}), ME))
            .contains("stale");
        assertThat(CommandGate.refusal(new BalanceCommand.Recovery("me", new KVRangeId(9, 9), 1), ME))
            .contains("no local replica");
    }

    @Test
    void quitNeedsOnlyTheLocalReplicaAndBootstrapNoneAtAll() {
        assertThat(CommandGate.refusal(new BalanceCommand.Quit("me", FOLLOWED, 7), ME)).isNull();
        assertThat(CommandGate.refusal(new BalanceCommand.Quit("me", FOLLOWED, 8), ME)).contains("stale");
        assertThat(CommandGate.refusal(new BalanceCommand.Bootstrap("me", new KVRangeId(2, 0), Boundary.FULL), ME))
            .isNull();
        assertThat(CommandGate.refusal(new BalanceCommand.Bootstrap("me", LED, Boundary.FULL), ME))
            .contains("already exists");
    }
}
