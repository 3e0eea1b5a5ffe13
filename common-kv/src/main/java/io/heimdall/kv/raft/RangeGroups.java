package io.heimdall.kv.raft;

import io.heimdall.kv.range.KVRangeId;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;

/** The Raft group of a range: its id carries the range id, so either is derived from the other on every store. */
public final class RangeGroups {
    private RangeGroups() {
    }

    public static RaftGroupId groupId(KVRangeId id) {
        return RaftGroupId.valueOf(new UUID(id.epoch(), id.id()));
    }

    public static KVRangeId rangeId(RaftGroupId groupId) {
        UUID u = groupId.getUuid();
        return new KVRangeId(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    /** Column family name of a range replica. */
    public static String spaceName(KVRangeId id) {
        return "range_" + id;
    }

    public static KVRangeId fromSpaceName(String name) {
        return KVRangeId.parse(name.substring("range_".length()));
    }
}
