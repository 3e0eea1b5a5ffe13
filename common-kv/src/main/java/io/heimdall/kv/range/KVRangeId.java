package io.heimdall.kv.range;

import java.util.Comparator;

/** Identity of a range: the epoch of its genesis and an id unique within that epoch, printed {@code <epoch>_<id>}. */
public record KVRangeId(long epoch, long id) implements Comparable<KVRangeId> {
    private static final Comparator<KVRangeId> ORDER =
        Comparator.comparingLong(KVRangeId::epoch).thenComparingLong(KVRangeId::id);

    /** A genesis range: epoch from the hybrid logical clock, id 0. */
    public static KVRangeId genesis(long epoch) {
        return new KVRangeId(epoch, 0);
    }

    public static KVRangeId parse(String s) {
        int i = s.indexOf('_');
        if (i <= 0 || i == s.length() - 1) {
            throw new IllegalArgumentException("range id must be <epoch>_<id>: " + s);
        }
        try {
            return new KVRangeId(Long.parseLong(s.substring(0, i)), Long.parseLong(s.substring(i + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range id must be <epoch>_<id>: " + s, e);
        }
    }

    @Override
    public int compareTo(KVRangeId o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return epoch + "_" + id;
    }
}
