package io.heimdall.kv.storage;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RangeState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a range replica persists beside its data: identity, version, boundary, state, membership, the last applied
 * Raft entry, and the partner range while a merge is in flight ({@code null} otherwise).
 */
public record RangeMeta(KVRangeId id,
                        long ver,
                        Boundary boundary,
                        RangeState state,
                        ClusterConfig config,
                        long appliedTerm,
                        long appliedIndex,
                        KVRangeId mergePartner) {
    private static final int FORMAT = 1;

    public RangeMeta withApplied(long term, long index) {
        return new RangeMeta(id, ver, boundary, state, config, term, index, mergePartner);
    }

    public RangeMeta withState(long newVer, RangeState newState, KVRangeId partner) {
        return new RangeMeta(id, newVer, boundary, newState, config, appliedTerm, appliedIndex, partner);
    }

    public RangeMeta withConfig(long newVer, RangeState newState, ClusterConfig newConfig) {
        return new RangeMeta(id, newVer, boundary, newState, newConfig, appliedTerm, appliedIndex, mergePartner);
    }

    public RangeMeta withBoundary(long newVer, Boundary newBoundary, RangeState newState) {
        return new RangeMeta(id, newVer, newBoundary, newState, config, appliedTerm, appliedIndex, null);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeLong(id.epoch());
            out.writeLong(id.id());
            out.writeLong(ver);
            writeKey(out, boundary.start());
            writeKey(out, boundary.end());
            out.writeUTF(state.name());
            writeSet(out, config.voters());
            writeSet(out, config.learners());
            writeSet(out, config.nextVoters());
            writeSet(out, config.nextLearners());
            out.writeLong(appliedTerm);
            out.writeLong(appliedIndex);
            out.writeBoolean(mergePartner != null);
            if (mergePartner != null) {
                out.writeLong(mergePartner.epoch());
                out.writeLong(mergePartner.id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static RangeMeta decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown range meta format " + format);
            }
            KVRangeId id = new KVRangeId(in.readLong(), in.readLong());
            long ver = in.readLong();
            Boundary boundary = new Boundary(readKey(in), readKey(in));
            RangeState state = RangeState.valueOf(in.readUTF());
            ClusterConfig config = new ClusterConfig(readSet(in), readSet(in), readSet(in), readSet(in));
            long term = in.readLong();
            long index = in.readLong();
            KVRangeId partner = in.readBoolean() ? new KVRangeId(in.readLong(), in.readLong()) : null;
            return new RangeMeta(id, ver, boundary, state, config, term, index, partner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeKey(DataOutputStream out, byte[] key) throws IOException {
        out.writeInt(key == null ? -1 : key.length);
        if (key != null) {
            out.write(key);
        }
    }

    static byte[] readKey(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            return null;
        }
        byte[] k = new byte[len];
        in.readFully(k);
        return k;
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
