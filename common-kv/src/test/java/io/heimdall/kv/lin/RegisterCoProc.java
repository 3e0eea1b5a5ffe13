package io.heimdall.kv.lin;

import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.coproc.KVWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A register with write and compare-and-set as a coprocessor mutation, exactly once per request: each worker
 * numbers its requests, the last applied number and result are kept beside the register, a retry of it answers the
 * recorded result, and an older number (a late duplicate) is refused without effect.
 */
final class RegisterCoProc implements KVRangeCoProc {
    static final byte[] REGISTER = "register".getBytes(StandardCharsets.UTF_8);
    static final int STALE = -1;

    private static final byte WRITE = 1;
    private static final byte CAS = 2;

    static KVRangeCoProcFactory factory() {
        return (storeName, storeId, id, reader) -> new RegisterCoProc();
    }

    /** A mutation of worker {@code worker}'s request {@code seq}. */
    static byte[] request(int worker, long seq, Op op) {
        return ByteBuffer.allocate(21).putInt(worker).putLong(seq)
            .put(op.kind() == Op.Kind.WRITE ? WRITE : CAS).putInt(op.expected()).putInt(op.value()).array();
    }

    /** The register's value as stored, 0 when absent. */
    static int value(Optional<byte[]> stored) {
        return stored.map(b -> ByteBuffer.wrap(b).getInt()).orElse(0);
    }

    /** The mutation's result: 1/0 for a CAS that did or did not swap, 0 for a write, {@link #STALE} if refused. */
    static int result(byte[] output) {
        return ByteBuffer.wrap(output).getInt();
    }

    @Override
    public CompletableFuture<byte[]> query(byte[] input, KVReader reader) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("read the register with get"));
    }

    @Override
    public byte[] mutate(byte[] input, KVReader reader, KVWriter writer) {
        ByteBuffer in = ByteBuffer.wrap(input);
        int worker = in.getInt();
        long seq = in.getLong();
        byte kind = in.get();
        int expected = in.getInt();
        int value = in.getInt();
        byte[] dedupKey = ("dedup/" + worker).getBytes(StandardCharsets.UTF_8);
        Optional<byte[]> last = reader.get(dedupKey);
        if (last.isPresent()) {
            ByteBuffer l = ByteBuffer.wrap(last.get());
            long lastSeq = l.getLong();
            if (seq == lastSeq) {
                return out(l.getInt());
            }
            if (seq < lastSeq) {
                return out(STALE);
            }
        }
        int current = value(reader.get(REGISTER));
        int result = 0;
        if (kind == WRITE || current == expected) {
            writer.put(REGISTER, ByteBuffer.allocate(4).putInt(value).array());
            result = kind == CAS ? 1 : 0;
        }
        writer.put(dedupKey, ByteBuffer.allocate(12).putLong(seq).putInt(result).array());
        return out(result);
    }

    private static byte[] out(int result) {
        return ByteBuffer.allocate(4).putInt(result).array();
    }
}
