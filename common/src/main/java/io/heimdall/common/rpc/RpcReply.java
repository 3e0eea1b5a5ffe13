package io.heimdall.common.rpc;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One reply on the wire: {@code [code:1][messageLength:2][message:utf8][payload]}. The message explains a non-OK
 * code; the payload is the service's body (a result, or details such as the latest descriptor with BAD_VERSION).
 */
public record RpcReply(ReplyCode code, String message, Buffer payload) {
    private static final int MAX_MESSAGE_BYTES = 0xFFFF;

    public RpcReply {
        message = message == null ? "" : message;
        payload = payload == null ? Buffer.buffer() : payload;
    }

    public static RpcReply ok(Buffer payload) {
        return new RpcReply(ReplyCode.OK, "", payload);
    }

    public Buffer encode() {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(msg.length, MAX_MESSAGE_BYTES);
        Buffer out = Buffer.buffer(3 + len + payload.length());
        out.appendByte(code.wire()).appendUnsignedShort(len).appendBytes(msg, 0, len).appendBuffer(payload);
        return out;
    }

    /** Parses a reply frame; a frame too short to hold its header fails with IllegalArgumentException. */
    public static RpcReply decode(Buffer frame) {
        if (frame == null || frame.length() < 3) {
            throw new IllegalArgumentException("reply frame too short");
        }
        int len = frame.getUnsignedShort(1);
        if (frame.length() < 3 + len) {
            throw new IllegalArgumentException("reply frame truncated");
        }
        String message = frame.getString(3, 3 + len, StandardCharsets.UTF_8.name());
        return new RpcReply(ReplyCode.fromWire(frame.getByte(0)), message, frame.slice(3 + len, frame.length()));
    }
}
