package io.heimdall.kv.coproc;

import io.heimdall.kv.range.Boundary;
import java.util.concurrent.CompletableFuture;

/**
 * A service's logic running inside one range replica. {@code mutate} runs in the replicated state machine and must
 * be deterministic: same input and data on every replica, same writes and output. {@code query} runs on a
 * consistent view, after a read index for linearizable reads.
 */
public interface KVRangeCoProc {
    CompletableFuture<byte[]> query(byte[] input, KVReader reader);

    /** Applies {@code input}; returns the output handed back to the caller. */
    byte[] mutate(byte[] input, KVReader reader, KVWriter writer);

    /** Called after the range's boundary changed (split, merge, snapshot install). */
    default void reset(Boundary boundary) {
    }

    /** Called when this replica gains or loses leadership. */
    default void onLeader(boolean isLeader) {
    }

    default void close() {
    }
}
