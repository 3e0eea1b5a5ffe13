package io.heimdall.kv.coproc;

/** A cursor over ordered keys of one range; invalid when positioned outside the range. */
public interface KVIterator extends AutoCloseable {
    byte[] key();

    byte[] value();

    boolean isValid();

    void next();

    void prev();

    void seekToFirst();

    void seekToLast();

    /** Positions at the first key not less than {@code key}. */
    void seek(byte[] key);

    /** Positions at the last key not greater than {@code key}. */
    void seekForPrev(byte[] key);

    @Override
    void close();
}
