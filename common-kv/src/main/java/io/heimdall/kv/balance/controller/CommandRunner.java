package io.heimdall.kv.balance.controller;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.store.KVRangeException;
import io.heimdall.kv.store.KVRangeStore;
import java.util.concurrent.CompletableFuture;

/** Turns a balance command into the matching call on the local store. */
final class CommandRunner {
    private CommandRunner() {
    }

    static CompletableFuture<Void> run(KVRangeStore store, BalanceCommand c) {
        if (c instanceof BalanceCommand.ChangeConfig cc) {
            return store.changeReplicaConfig(cc.expectedVer(), cc.rangeId(), cc.voters(), cc.learners());
        } else if (c instanceof BalanceCommand.TransferLeadership t) {
            return store.transferLeadership(t.expectedVer(), t.rangeId(), t.targetStore());
        } else if (c instanceof BalanceCommand.Split s) {
            return store.split(s.expectedVer(), s.rangeId(), s.splitKey());
        } else if (c instanceof BalanceCommand.Merge m) {
            return store.merge(m.expectedVer(), m.rangeId(), m.mergeeId());
        } else if (c instanceof BalanceCommand.Bootstrap b) {
            return store.bootstrap(b.rangeId(), b.boundary()).thenApply(created -> null);
        } else if (c instanceof BalanceCommand.Quit q) {
            return store.quit(q.expectedVer(), q.rangeId());
        }
        // KVRangeStore has no recovery operation yet: report it rather than pretend.
        return CompletableFuture.failedFuture(new KVRangeException(KVRangeException.Code.BAD_REQUEST,
            "the store cannot run " + c));
    }
}
