package io.heimdall.kv.balance;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A change a balancer asks one store to make. {@link #executor()} names the store that must run it: the leader of
 * the range for range commands, the local store for {@link Bootstrap} and {@link Quit}. Range commands carry the
 * version they were planned against; a stale one fails with BAD_VERSION and is dropped.
 */
public sealed interface BalanceCommand {
    /** The store that must execute this command. */
    String executor();

    /** The range this command is about. */
    KVRangeId rangeId();

    /** Replace the range's members with {@code voters} and {@code learners}. */
    record ChangeConfig(String executor, KVRangeId rangeId, long expectedVer, Set<String> voters, Set<String> learners)
        implements BalanceCommand {
        public ChangeConfig {
            voters = Set.copyOf(new TreeSet<>(voters));
            learners = Set.copyOf(new TreeSet<>(learners));
        }

        @Override
        public String toString() {
            return "ChangeConfig{" + rangeId + "@" + expectedVer + " by " + executor + " voters=" + new TreeSet<>(voters)
                + " learners=" + new TreeSet<>(learners) + "}";
        }
    }

    /** Hand the leadership of the range to the voter {@code targetStore}. */
    record TransferLeadership(String executor, KVRangeId rangeId, long expectedVer, String targetStore)
        implements BalanceCommand {
    }

    /** Split the range at {@code splitKey}. */
    record Split(String executor, KVRangeId rangeId, long expectedVer, byte[] splitKey) implements BalanceCommand {
        public Split {
            splitKey = splitKey.clone();
        }

        @Override
        public byte[] splitKey() {
            return splitKey.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Split s && executor.equals(s.executor) && rangeId.equals(s.rangeId)
                && expectedVer == s.expectedVer && Arrays.equals(splitKey, s.splitKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(executor, rangeId, expectedVer) * 31 + Arrays.hashCode(splitKey);
        }

        @Override
        public String toString() {
            return "Split{" + rangeId + "@" + expectedVer + " by " + executor + " at "
                + Base64.getEncoder().encodeToString(splitKey) + "}";
        }
    }

    /** Merge the adjacent range {@code mergeeId} into the range {@code rangeId} (the merger). */
    record Merge(String executor, KVRangeId rangeId, long expectedVer, KVRangeId mergeeId) implements BalanceCommand {
    }

    /** Create the genesis range {@code rangeId} covering {@code boundary} on the local store. */
    record Bootstrap(String executor, KVRangeId rangeId, Boundary boundary) implements BalanceCommand {
    }

    /** Remove the local store's replica of the range. */
    record Quit(String executor, KVRangeId rangeId, long expectedVer) implements BalanceCommand {
    }

    /** Restore the range's availability after it lost its quorum. */
    record Recovery(String executor, KVRangeId rangeId, long expectedVer) implements BalanceCommand {
    }
}
