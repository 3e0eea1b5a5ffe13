package io.heimdall.kv.range;

import java.util.Arrays;
import java.util.Base64;

/**
 * A half-open key interval {@code [start, end)}; a null start or end is open. Keys compare as unsigned bytes.
 * The arrays are never mutated after construction.
 */
public final class Boundary {
    public static final Boundary FULL = new Boundary(null, null);

    private final byte[] start;
    private final byte[] end;

    public Boundary(byte[] start, byte[] end) {
        if (start != null && end != null && compare(start, end) > 0) {
            throw new IllegalArgumentException("boundary start after end");
        }
        this.start = start == null ? null : start.clone();
        this.end = end == null ? null : end.clone();
    }

    /** Inclusive start, or null when open. */
    public byte[] start() {
        return start == null ? null : start.clone();
    }

    /** Exclusive end, or null when open. */
    public byte[] end() {
        return end == null ? null : end.clone();
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    public boolean contains(byte[] key) {
        return (start == null || compare(key, start) >= 0) && (end == null || compare(key, end) < 0);
    }

    public boolean isEmpty() {
        return start != null && end != null && compare(start, end) == 0;
    }

    /** Whether {@code key} can split this boundary into two non-empty halves. */
    public boolean isSplitKey(byte[] key) {
        return key != null && (start == null || compare(key, start) > 0) && (end == null || compare(key, end) < 0);
    }

    public Boundary left(byte[] splitKey) {
        return new Boundary(start, splitKey);
    }

    public Boundary right(byte[] splitKey) {
        return new Boundary(splitKey, end);
    }

    /** Whether {@code next} starts exactly where this one ends. */
    public boolean isAdjacentTo(Boundary next) {
        return end != null && next.start != null && compare(end, next.start) == 0;
    }

    /** The union of this boundary and the adjacent {@code next}. */
    public Boundary combine(Boundary next) {
        if (!isAdjacentTo(next)) {
            throw new IllegalArgumentException("boundaries are not adjacent: " + this + " " + next);
        }
        return new Boundary(start, next.end);
    }

    /** Orders boundaries by start key, an open start first. */
    public static int compareStart(Boundary a, Boundary b) {
        if (a.start == null) {
            return b.start == null ? 0 : -1;
        }
        return b.start == null ? 1 : compare(a.start, b.start);
    }

    public boolean overlaps(Boundary o) {
        boolean thisEndsBeforeOther = end != null && o.start != null && compare(end, o.start) <= 0;
        boolean otherEndsBeforeThis = o.end != null && start != null && compare(o.end, start) <= 0;
        return !thisEndsBeforeOther && !otherEndsBeforeThis && !isEmpty() && !o.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Boundary b && Arrays.equals(start, b.start) && Arrays.equals(end, b.end);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(start) + Arrays.hashCode(end);
    }

    @Override
    public String toString() {
        return "[" + show(start) + ", " + show(end) + ")";
    }

    private static String show(byte[] k) {
        return k == null ? "" : Base64.getEncoder().encodeToString(k);
    }
}
