package io.heimdall.kv.coproc;

import io.heimdall.kv.range.KVRangeId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Plugs a service into a store: makes its coprocessor per range and realigns split keys to its key layout. */
public interface KVRangeCoProcFactory {
    KVRangeCoProc create(String storeName, String storeId, KVRangeId id, Supplier<KVReader> latestReader);

    /**
     * Moves a proposed split key to a place the service's layout can split at (for example a tenant or inbox
     * boundary), or empty when the key must not be split at.
     */
    default Optional<byte[]> toSplitKey(byte[] key) {
        return Optional.of(key);
    }

    /** A factory for plain key/value stores with no service logic. */
    static KVRangeCoProcFactory none() {
        return (storeName, storeId, id, reader) -> new KVRangeCoProc() {
            @Override
            public CompletableFuture<byte[]> query(byte[] input, KVReader r) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException("no coprocessor"));
            }

            @Override
            public byte[] mutate(byte[] input, KVReader r, KVWriter w) {
                throw new UnsupportedOperationException("no coprocessor");
            }
        };
    }
}
