package io.heimdall.bench.kv;

import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.coproc.KVWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** A coprocessor whose mutation is a batch of puts: {@code [count:4]([keyLen:4][key][valueLen:4][value])*}. */
final class BulkLoadCoProc implements KVRangeCoProc {
    static KVRangeCoProcFactory factory() {
        return (storeName, storeId, id, reader) -> new BulkLoadCoProc();
    }

    /** Encodes keys {@code first .. first+count-1} with the same value. */
    static byte[] batch(long first, int count, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(4 + count * (4 + Keys.LENGTH + 4 + value.length));
        b.putInt(count);
        for (int i = 0; i < count; i++) {
            b.putInt(Keys.LENGTH).put(Keys.key(first + i)).putInt(value.length).put(value);
        }
        return b.array();
    }

    @Override
    public CompletableFuture<byte[]> query(byte[] input, KVReader reader) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("bulk load has no queries"));
    }

    @Override
    public byte[] mutate(byte[] input, KVReader reader, KVWriter writer) {
        ByteBuffer b = ByteBuffer.wrap(input);
        int count = b.getInt();
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[b.getInt()];
            b.get(key);
            byte[] value = new byte[b.getInt()];
            b.get(value);
            writer.put(key, value);
        }
        return new byte[0];
    }
}
