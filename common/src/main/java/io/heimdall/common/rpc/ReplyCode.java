package io.heimdall.common.rpc;

/** The typed status every RPC reply carries; the byte value is its wire form and never changes. */
public enum ReplyCode {
    OK(0),
    NO_MATCH(1),
    TRY_LATER(2),
    BAD_VERSION(3),
    BACK_PRESSURE_REJECTED(4),
    ERROR(5);

    private final byte wire;

    ReplyCode(int wire) {
        this.wire = (byte) wire;
    }

    public byte wire() {
        return wire;
    }

    /** The code for a wire byte; an unknown byte (a newer peer) reads as ERROR rather than failing. */
    public static ReplyCode fromWire(byte b) {
        for (ReplyCode c : values()) {
            if (c.wire == b) {
                return c;
            }
        }
        return ERROR;
    }
}
