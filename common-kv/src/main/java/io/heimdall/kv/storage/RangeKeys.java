package io.heimdall.kv.storage;

import java.util.Arrays;

/**
 * Layout of keys inside a range's column family: one metadata record under a reserved prefix, user keys under
 * another, so the metadata travels with the data in every batch, export and import.
 */
final class RangeKeys {
    static final byte META_PREFIX = 0;
    static final byte DATA_PREFIX = 1;
    /** The single metadata key of a range. */
    static final byte[] META_KEY = {META_PREFIX, 'm'};
    /** First key of the column family. */
    static final byte[] LOWEST = {META_PREFIX};
    /** Past every key of the column family. */
    static final byte[] HIGHEST = {DATA_PREFIX + 1};
    static final byte[] DATA_START = {DATA_PREFIX};

    private RangeKeys() {
    }

    static byte[] data(byte[] userKey) {
        byte[] k = new byte[userKey.length + 1];
        k[0] = DATA_PREFIX;
        System.arraycopy(userKey, 0, k, 1, userKey.length);
        return k;
    }

    static byte[] user(byte[] dataKey) {
        return Arrays.copyOfRange(dataKey, 1, dataKey.length);
    }

    /** Storage key of a boundary start, open start meaning the first data key. */
    static byte[] dataLow(byte[] start) {
        return start == null ? DATA_START : data(start);
    }

    /** Storage key past a boundary end, open end meaning past every data key. */
    static byte[] dataHigh(byte[] end) {
        return end == null ? HIGHEST : data(end);
    }

    static boolean isData(byte[] key) {
        return key.length > 0 && key[0] == DATA_PREFIX;
    }

    /** The later of two boundary starts, null being the open start. */
    static byte[] laterStart(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        return b == null || Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }

    /** The earlier of two boundary ends, null being the open end. */
    static byte[] earlierEnd(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        return b == null || Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
