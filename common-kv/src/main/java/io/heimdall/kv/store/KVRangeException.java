package io.heimdall.kv.store;

import io.heimdall.kv.range.RangeDescriptor;

/** A range operation that did not succeed, with the typed status callers act on. */
public class KVRangeException extends RuntimeException {
    /** Statuses as they travel on the wire. */
    public enum Code {
        /** The caller's version is stale; {@link #latest()} is the range as it is now. */
        BAD_VERSION,
        /** Transient: not leader, election in progress, range busy; retry after a refresh. */
        TRY_LATER,
        /** The store does not host the range. */
        NOT_FOUND,
        /** The request can never succeed as sent. */
        BAD_REQUEST,
        /** The store is shedding load. */
        BACK_PRESSURE_REJECTED,
        ERROR
    }

    private final Code code;
    private final RangeDescriptor latest;

    public KVRangeException(Code code, String message) {
        this(code, message, null, null);
    }

    public KVRangeException(Code code, String message, RangeDescriptor latest, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.latest = latest;
    }

    public static KVRangeException badVersion(RangeDescriptor latest) {
        return new KVRangeException(Code.BAD_VERSION, "range " + latest.id() + " is at version " + latest.ver(),
            latest, null);
    }

    public Code code() {
        return code;
    }

    /** The range descriptor with BAD_VERSION, else null. */
    public RangeDescriptor latest() {
        return latest;
    }
}
