package io.heimdall.kv.raft;

import io.heimdall.kv.range.KVRangeId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;

/** An entry of a range's Raft log or a read it serves; each knows its own binary form. */
public sealed interface RangeCommand {
    /** Writes a key (data operation: needs the same boundary version). */
    record Put(long ver, byte[] key, byte[] value) implements RangeCommand {
    }

    record Delete(long ver, byte[] key) implements RangeCommand {
    }

    record Mutate(long ver, byte[] input) implements RangeCommand {
    }

    /** Splits at {@code splitKey}; the leader picked {@code childId} so every replica names the child alike. */
    record Split(long ver, byte[] splitKey, KVRangeId childId) implements RangeCommand {
    }

    /** Starts a membership change towards the given stores. */
    record BeginConfigChange(long ver, Set<String> voters, Set<String> learners) implements RangeCommand {
    }

    /** Records the membership Raft actually reached and leaves ConfigChanging. */
    record EndConfigChange(Set<String> voters, Set<String> learners) implements RangeCommand {
    }

    /** On the merger: promise to absorb {@code mergee}. */
    record PrepareMerge(long ver, KVRangeId mergee) implements RangeCommand {
    }

    /** On the mergee: stop taking writes and wait for {@code merger}, which must end where the mergee starts. */
    record WaitForMerge(KVRangeId merger, byte[] mergerEnd) implements RangeCommand {
    }

    /** On the merger: absorb the mergee's data as of its log index {@code mergeeIndex}. */
    record CompleteMerge(KVRangeId mergee, long mergeeIndex) implements RangeCommand {
    }

    /** On either side: give up a merge with {@code partner} unless it already completed. */
    record CancelMerge(KVRangeId partner) implements RangeCommand {
    }

    /** On the mergee after the merger absorbed it: mark it merged so its replicas remove themselves. */
    record MergedAway(KVRangeId merger) implements RangeCommand {
    }

    /** Reads. */
    record Get(long ver, byte[] key) implements RangeCommand {
    }

    record Exist(long ver, byte[] key) implements RangeCommand {
    }

    record Query(long ver, byte[] input) implements RangeCommand {
    }

    default byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (this instanceof Put p) {
                out.writeByte(1);
                out.writeLong(p.ver());
                writeBytes(out, p.key());
                writeBytes(out, p.value());
            } else if (this instanceof Delete d) {
                out.writeByte(2);
                out.writeLong(d.ver());
                writeBytes(out, d.key());
            } else if (this instanceof Mutate m) {
                out.writeByte(3);
                out.writeLong(m.ver());
                writeBytes(out, m.input());
            } else if (this instanceof Split s) {
                out.writeByte(4);
                out.writeLong(s.ver());
                writeBytes(out, s.splitKey());
                writeId(out, s.childId());
            } else if (this instanceof BeginConfigChange c) {
                out.writeByte(5);
                out.writeLong(c.ver());
                writeSet(out, c.voters());
                writeSet(out, c.learners());
            } else if (this instanceof EndConfigChange c) {
                out.writeByte(6);
                writeSet(out, c.voters());
                writeSet(out, c.learners());
            } else if (this instanceof PrepareMerge p) {
                out.writeByte(7);
                out.writeLong(p.ver());
                writeId(out, p.mergee());
            } else if (this instanceof WaitForMerge w) {
                out.writeByte(8);
                writeId(out, w.merger());
                writeBytes(out, w.mergerEnd());
            } else if (this instanceof CompleteMerge c) {
                out.writeByte(9);
                writeId(out, c.mergee());
                out.writeLong(c.mergeeIndex());
            } else if (this instanceof CancelMerge c) {
                out.writeByte(10);
                writeId(out, c.partner());
            } else if (this instanceof MergedAway m) {
                out.writeByte(11);
                writeId(out, m.merger());
            } else if (this instanceof Get g) {
                out.writeByte(12);
                out.writeLong(g.ver());
                writeBytes(out, g.key());
            } else if (this instanceof Exist e) {
                out.writeByte(13);
                out.writeLong(e.ver());
                writeBytes(out, e.key());
            } else if (this instanceof Query q) {
                out.writeByte(14);
                out.writeLong(q.ver());
                writeBytes(out, q.input());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static RangeCommand decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int type = in.readByte();
            return switch (type) {
                case 1 -> new Put(in.readLong(), readBytes(in), readBytes(in));
                case 2 -> new Delete(in.readLong(), readBytes(in));
                case 3 -> new Mutate(in.readLong(), readBytes(in));
                case 4 -> new Split(in.readLong(), readBytes(in), readId(in));
                case 5 -> new BeginConfigChange(in.readLong(), readSet(in), readSet(in));
                case 6 -> new EndConfigChange(readSet(in), readSet(in));
                case 7 -> new PrepareMerge(in.readLong(), readId(in));
                case 8 -> new WaitForMerge(readId(in), readBytes(in));
                case 9 -> new CompleteMerge(readId(in), in.readLong());
                case 10 -> new CancelMerge(readId(in));
                case 11 -> new MergedAway(readId(in));
                case 12 -> new Get(in.readLong(), readBytes(in));
                case 13 -> new Exist(in.readLong(), readBytes(in));
                case 14 -> new Query(in.readLong(), readBytes(in));
                default -> throw new IllegalArgumentException("unknown range command type " + type);
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed range command", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    private static void writeId(DataOutputStream out, KVRangeId id) throws IOException {
        out.writeLong(id.epoch());
        out.writeLong(id.id());
    }

    private static KVRangeId readId(DataInputStream in) throws IOException {
        return new KVRangeId(in.readLong(), in.readLong());
    }

    private static void writeSet(DataOutputStream out, Set<String> set) throws IOException {
        out.writeInt(set.size());
        for (String s : set) {
            out.writeUTF(s);
        }
    }

    private static Set<String> readSet(DataInputStream in) throws IOException {
        int n = in.readInt();
        Set<String> set = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            set.add(in.readUTF());
        }
        return set;
    }
}
