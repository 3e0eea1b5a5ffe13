package io.heimdall.kv.coproc;

import io.heimdall.kv.range.Boundary;

/** Writes of one mutation, applied atomically with the Raft index that carried it. */
public interface KVWriter {
    void put(byte[] key, byte[] value);

    void delete(byte[] key);

    /** Deletes every key inside {@code boundary} (clipped to this range). */
    void clear(Boundary boundary);
}
