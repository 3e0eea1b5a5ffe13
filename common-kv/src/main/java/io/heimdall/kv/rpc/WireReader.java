package io.heimdall.kv.rpc;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** Reads what {@link WireWriter} wrote; a truncated or inconsistent body fails with IllegalArgumentException. */
final class WireReader {
    private final Buffer buf;
    private int pos;

    WireReader(Buffer buf) {
        this.buf = buf;
    }

    int u8() {
        need(1);
        return buf.getUnsignedByte(pos++);
    }

    boolean bool() {
        return u8() != 0;
    }

    long i64() {
        need(8);
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    byte[] bytes() {
        need(4);
        int len = buf.getInt(pos);
        pos += 4;
        if (len == -1) {
            return null;
        }
        if (len < 0) {
            throw new IllegalArgumentException("negative length " + len);
        }
        need(len);
        byte[] b = buf.getBytes(pos, pos + len);
        pos += len;
        return b;
    }

    byte[] requiredBytes(String what) {
        byte[] b = bytes();
        if (b == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return b;
    }

    String string() {
        return new String(requiredBytes("string"), StandardCharsets.UTF_8);
    }

    Set<String> strings() {
        need(4);
        int n = buf.getInt(pos);
        pos += 4;
        if (n < 0 || n > buf.length() - pos) {
            throw new IllegalArgumentException("bad set size " + n);
        }
        Set<String> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            out.add(string());
        }
        return out;
    }

    KVRangeId rangeId() {
        return new KVRangeId(i64(), i64());
    }

    Boundary boundary() {
        return new Boundary(bytes(), bytes());
    }

    /** Fails unless every byte was read: trailing bytes mean the peer speaks another schema. */
    void end() {
        if (pos != buf.length()) {
            throw new IllegalArgumentException((buf.length() - pos) + " unexpected trailing bytes");
        }
    }

    private void need(int n) {
        if (pos + n > buf.length()) {
            throw new IllegalArgumentException("body truncated at byte " + pos);
        }
    }
}
