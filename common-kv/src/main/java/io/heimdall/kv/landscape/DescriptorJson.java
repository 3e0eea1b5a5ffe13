package io.heimdall.kv.landscape;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.LoadHint;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.range.SyncState;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON form of store and range descriptors as the landscape carries them; keys are base64, an open boundary end is
 * null. Decoding fails with IllegalArgumentException naming the offending field.
 */
public final class DescriptorJson {
    private DescriptorJson() {
    }

    public static JsonObject toJson(StoreDescriptor d) {
        JsonArray ranges = new JsonArray();
        d.ranges().forEach(r -> ranges.add(toJson(r)));
        return new JsonObject()
            .put("id", d.id())
            .put("hostId", d.hostId())
            .put("raftEndpoint", d.raftEndpoint())
            .put("attributes", new JsonObject(new HashMap<>(d.attributes())))
            .put("statistics", numbers(d.statistics()))
            .put("ranges", ranges)
            .put("hlc", d.hlc());
    }

    public static JsonObject toJson(RangeDescriptor r) {
        JsonObject sync = new JsonObject();
        r.syncState().forEach((k, v) -> sync.put(k, v.name()));
        LoadHint h = r.loadHint() == null ? LoadHint.NONE : r.loadHint();
        return new JsonObject()
            .put("id", r.id().toString())
            .put("ver", r.ver())
            .put("boundary", new JsonObject().put("start", b64(r.boundary().start())).put("end", b64(r.boundary().end())))
            .put("state", r.state().name())
            .put("role", r.role().name())
            .put("config", new JsonObject()
                .put("voters", new JsonArray(List.copyOf(r.config().voters())))
                .put("learners", new JsonArray(List.copyOf(r.config().learners())))
                .put("nextVoters", new JsonArray(List.copyOf(r.config().nextVoters())))
                .put("nextLearners", new JsonArray(List.copyOf(r.config().nextLearners()))))
            .put("syncState", sync)
            .put("statistics", numbers(r.statistics()))
            .put("loadHint", new JsonObject()
                .put("ioDensity", finite(h.ioDensity()))
                .put("ioLatencyNanos", h.ioLatencyNanos())
                .put("avgLatencyNanos", h.avgLatencyNanos())
                .put("splitKey", b64(h.splitKey())))
            .put("hlc", r.hlc());
    }

    public static String encode(StoreDescriptor d) {
        return toJson(d).encode();
    }

    public static StoreDescriptor decodeStore(String json) {
        try {
            return storeFromJson(new JsonObject(json));
        } catch (DecodeException e) {
            throw new IllegalArgumentException("store descriptor is not JSON: " + e.getMessage(), e);
        }
    }

    public static StoreDescriptor storeFromJson(JsonObject o) {
        JsonArray ranges = field(o, "ranges", JsonArray.class, "store");
        List<RangeDescriptor> rs = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            Object r = ranges.getValue(i);
            if (!(r instanceof JsonObject ro)) {
                throw new IllegalArgumentException("store.ranges[" + i + "] must be an object");
            }
            rs.add(rangeFromJson(ro));
        }
        return new StoreDescriptor(
            field(o, "id", String.class, "store"),
            field(o, "hostId", String.class, "store"),
            field(o, "raftEndpoint", String.class, "store"),
            strings(field(o, "attributes", JsonObject.class, "store"), "store.attributes"),
            doubles(field(o, "statistics", JsonObject.class, "store"), "store.statistics"),
            rs,
            field(o, "hlc", Number.class, "store").longValue());
    }

    public static RangeDescriptor rangeFromJson(JsonObject o) {
        try {
            JsonObject b = field(o, "boundary", JsonObject.class, "range");
            JsonObject c = field(o, "config", JsonObject.class, "range");
            JsonObject h = field(o, "loadHint", JsonObject.class, "range");
            Map<String, SyncState> sync = new HashMap<>();
            field(o, "syncState", JsonObject.class, "range")
                .forEach(e -> sync.put(e.getKey(), SyncState.valueOf(String.valueOf(e.getValue()))));
            return new RangeDescriptor(
                KVRangeId.parse(field(o, "id", String.class, "range")),
                field(o, "ver", Number.class, "range").longValue(),
                new Boundary(unb64(b.getValue("start"), "range.boundary.start"),
                    unb64(b.getValue("end"), "range.boundary.end")),
                RangeState.valueOf(field(o, "state", String.class, "range")),
                RaftRole.valueOf(field(o, "role", String.class, "range")),
                new ClusterConfig(set(c, "voters"), set(c, "learners"), set(c, "nextVoters"), set(c, "nextLearners")),
                sync,
                doubles(field(o, "statistics", JsonObject.class, "range"), "range.statistics"),
                new LoadHint(field(h, "ioDensity", Number.class, "range.loadHint").doubleValue(),
                    field(h, "ioLatencyNanos", Number.class, "range.loadHint").longValue(),
                    field(h, "avgLatencyNanos", Number.class, "range.loadHint").longValue(),
                    unb64(h.getValue("splitKey"), "range.loadHint.splitKey")),
                field(o, "hlc", Number.class, "range").longValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad range descriptor: " + e.getMessage(), e);
        }
    }

    private static <T> T field(JsonObject o, String name, Class<T> type, String where) {
        Object v = o.getValue(name);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(where + "." + name + " must be a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    private static Set<String> set(JsonObject config, String name) {
        JsonArray a = field(config, name, JsonArray.class, "range.config");
        Set<String> out = new TreeSet<>();
        for (Object v : a) {
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException("range.config." + name + " must hold strings");
            }
            out.add(s);
        }
        return out;
    }

    private static Map<String, String> strings(JsonObject o, String where) {
        Map<String, String> out = new HashMap<>();
        o.forEach(e -> {
            if (!(e.getValue() instanceof String s)) {
                throw new IllegalArgumentException(where + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), s);
        });
        return out;
    }

    private static Map<String, Double> doubles(JsonObject o, String where) {
        Map<String, Double> out = new HashMap<>();
        o.forEach(e -> {
            if (!(e.getValue() instanceof Number n)) {
                throw new IllegalArgumentException(where + "." + e.getKey() + " must be a number");
            }
            out.put(e.getKey(), n.doubleValue());
        });
        return out;
    }

    // JSON has no NaN or infinity: a statistic that is not a number yet is left out rather than breaking the entry.
    private static JsonObject numbers(Map<String, Double> m) {
        JsonObject o = new JsonObject();
        m.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                o.put(k, v);
            }
        });
        return o;
    }

    private static double finite(double d) {
        return Double.isFinite(d) ? d : 0;
    }

    private static String b64(byte[] key) {
        return key == null ? null : Base64.getEncoder().encodeToString(key);
    }

    private static byte[] unb64(Object v, String where) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(where + " must be base64 or null");
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not base64", e);
        }
    }
}
