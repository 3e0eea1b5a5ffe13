package io.heimdall.kv.balance.controller;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.StoreDescriptor;

/**
 * Checks a command against the local store as it is right now, before anything is sent: it must be addressed to
 * this store, and a range command needs the local replica at the expected version and, except for Quit, leading.
 */
final class CommandGate {
    private CommandGate() {
    }

    /** Why {@code local} must not execute {@code command}, or null when it may. */
    static String refusal(BalanceCommand command, StoreDescriptor local) {
        if (!command.executor().equals(local.id())) {
            return "addressed to store " + command.executor();
        }
        RangeDescriptor replica = local.ranges().stream().filter(r -> r.id().equals(command.rangeId()))
            .findFirst().orElse(null);
        if (command instanceof BalanceCommand.Bootstrap) {
            return replica == null ? null : "range " + command.rangeId() + " already exists here";
        }
        if (replica == null) {
            return "no local replica of " + command.rangeId();
        }
        long expected = expectedVer(command);
        if (replica.ver() != expected) {
            return "stale: " + command.rangeId() + " is at version " + replica.ver() + ", planned against " + expected;
        }
        if (command instanceof BalanceCommand.Quit) {
            return null;
        }
        return replica.isLeader() ? null : "this store does not lead " + command.rangeId();
    }

    private static long expectedVer(BalanceCommand c) {
        if (c instanceof BalanceCommand.ChangeConfig cc) {
            return cc.expectedVer();
        } else if (c instanceof BalanceCommand.TransferLeadership t) {
            return t.expectedVer();
        } else if (c instanceof BalanceCommand.Split s) {
            return s.expectedVer();
        } else if (c instanceof BalanceCommand.Merge m) {
            return m.expectedVer();
        } else if (c instanceof BalanceCommand.Quit q) {
            return q.expectedVer();
        } else if (c instanceof BalanceCommand.Recovery r) {
            return r.expectedVer();
        }
        throw new IllegalArgumentException("no version in " + c);
    }
}
