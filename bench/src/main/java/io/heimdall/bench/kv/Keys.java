package io.heimdall.bench.kv;

import java.nio.ByteBuffer;

/** Benchmark keys: {@code "k"} and a big-endian long, so numeric order is key order. */
final class Keys {
    static final int LENGTH = 9;

    private Keys() {
    }

    static byte[] key(long n) {
        return ByteBuffer.allocate(LENGTH).put((byte) 'k').putLong(n).array();
    }
}
