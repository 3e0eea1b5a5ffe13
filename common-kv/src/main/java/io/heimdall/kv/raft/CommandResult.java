package io.heimdall.kv.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** What applying or serving a {@link RangeCommand} answered: a status and either output bytes or a message. */
public record CommandResult(Status status, byte[] output, String message) {
    /** Outcomes the store maps onto its typed errors. */
    public enum Status {
        OK, BAD_VERSION, TRY_LATER, BAD_REQUEST, ERROR
    }

    public static CommandResult ok(byte[] output) {
        return new CommandResult(Status.OK, output, "");
    }

    public static CommandResult fail(Status status, String message) {
        return new CommandResult(status, new byte[0], message);
    }

    public byte[] encode() {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + output.length + 4 + msg.length).put((byte) status.ordinal())
            .putInt(output.length).put(output).putInt(msg.length).put(msg).array();
    }

    public static CommandResult decode(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        Status status = Status.values()[buf.get()];
        byte[] out = new byte[buf.getInt()];
        buf.get(out);
        byte[] msg = new byte[buf.getInt()];
        buf.get(msg);
        return new CommandResult(status, out, new String(msg, StandardCharsets.UTF_8));
    }
}
