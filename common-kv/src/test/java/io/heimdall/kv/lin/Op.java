package io.heimdall.kv.lin;

/** One operation on a single integer register; 0 is the initial (absent) value, written values are positive. */
public record Op(Kind kind, int value, int expected) {
    /** What an operation does. */
    public enum Kind {
        READ,
        WRITE,
        CAS
    }

    public static Op read() {
        return new Op(Kind.READ, 0, 0);
    }

    public static Op write(int value) {
        return new Op(Kind.WRITE, value, 0);
    }

    /** Sets {@code value} if the register holds {@code expected}. */
    public static Op cas(int expected, int value) {
        return new Op(Kind.CAS, value, expected);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case READ -> "read";
            case WRITE -> "write(" + value + ")";
            case CAS -> "cas(" + expected + "->" + value + ")";
        };
    }
}
