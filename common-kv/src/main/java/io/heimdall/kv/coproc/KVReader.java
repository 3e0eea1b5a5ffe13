package io.heimdall.kv.coproc;

import io.heimdall.kv.range.Boundary;
import java.util.Optional;

/** A consistent read view of one range's data, confined to its boundary. */
public interface KVReader {
    Boundary boundary();

    Optional<byte[]> get(byte[] key);

    default boolean exist(byte[] key) {
        return get(key).isPresent();
    }

    /** An iterator over the range's keys in order; close it when done. */
    KVIterator iterator();

    /** Approximate bytes stored inside {@code boundary} (clipped to this range). */
    long size(Boundary boundary);
}
