package io.heimdall.kv.store;

import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.coproc.KVWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** A test coprocessor: a mutation increments the counter stored under its input key; a query reads it. */
final class CounterCoProc implements KVRangeCoProc {
    static final KVRangeCoProcFactory FACTORY = (storeName, storeId, id, reader) -> new CounterCoProc();

    @Override
    public CompletableFuture<byte[]> query(byte[] input, KVReader reader) {
        return CompletableFuture.completedFuture(longBytes(read(reader, input)));
    }

    @Override
    public byte[] mutate(byte[] input, KVReader reader, KVWriter writer) {
        long next = read(reader, input) + 1;
        writer.put(input, longBytes(next));
        return longBytes(next);
    }

    static long read(KVReader reader, byte[] key) {
        return reader.get(key).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long toLong(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }
}
