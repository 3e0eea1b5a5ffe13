package io.heimdall.kv.rpc;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Appends the field types of the KV RPC schema to a buffer: length-prefixed bytes (-1 = null), ids, string sets. */
final class WireWriter {
    private final Buffer buf = Buffer.buffer(64);

    WireWriter u8(int b) {
        buf.appendByte((byte) b);
        return this;
    }

    WireWriter bool(boolean b) {
        return u8(b ? 1 : 0);
    }

    WireWriter i64(long v) {
        buf.appendLong(v);
        return this;
    }

    WireWriter bytes(byte[] b) {
        if (b == null) {
            buf.appendInt(-1);
        } else {
            buf.appendInt(b.length).appendBytes(b);
        }
        return this;
    }

    WireWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    WireWriter strings(Set<String> set) {
        buf.appendInt(set.size());
        set.forEach(this::string);
        return this;
    }

    WireWriter rangeId(KVRangeId id) {
        return i64(id.epoch()).i64(id.id());
    }

    WireWriter boundary(Boundary b) {
        return bytes(b.start()).bytes(b.end());
    }

    Buffer buffer() {
        return buf;
    }
}
