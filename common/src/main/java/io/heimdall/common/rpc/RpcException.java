package io.heimdall.common.rpc;

import io.vertx.core.buffer.Buffer;

/** A call that answered a non-OK code, with the reply's payload for callers that act on details. */
public class RpcException extends RuntimeException {
    private final ReplyCode code;
    private final String reason;
    private final Buffer payload;

    public RpcException(ReplyCode code, String message) {
        this(code, message, Buffer.buffer(), null);
    }

    public RpcException(ReplyCode code, String message, Buffer payload, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.reason = message;
        this.payload = payload == null ? Buffer.buffer() : payload;
    }

    public ReplyCode code() {
        return code;
    }

    /** The message without the code prefix, as it travels in a reply. */
    public String reason() {
        return reason;
    }

    public Buffer payload() {
        return payload;
    }

    /** Whether the request certainly had no effect at the callee, so that resending it is always safe. */
    public boolean notDelivered() {
        return false;
    }
}
