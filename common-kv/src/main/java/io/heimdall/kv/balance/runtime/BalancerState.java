package io.heimdall.kv.balance.runtime;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one store runs for one balancer: disabled or not, the effective rules, and the hlc of the last proposal it
 * accepted (0 when it runs its startup configuration).
 */
public record BalancerState(boolean disable, JsonObject loadRules, long hlc) {
    public BalancerState {
        loadRules = loadRules.copy();
    }

    @Override
    public JsonObject loadRules() {
        return loadRules.copy();
    }

    public JsonObject toJsonObject() {
        return new JsonObject().put("disable", disable).put("loadRules", loadRules.copy()).put("hlc", hlc);
    }

    /** Encodes a store's states by factory class. */
    public static String encode(Map<String, BalancerState> byFactory) {
        JsonObject o = new JsonObject();
        byFactory.forEach((k, v) -> o.put(k, v.toJsonObject()));
        return o.encode();
    }

    /** Decodes a store's states by factory class; IllegalArgumentException when the JSON is not that. */
    public static Map<String, BalancerState> decode(String json) {
        try {
            JsonObject o = new JsonObject(json);
            Map<String, BalancerState> out = new LinkedHashMap<>();
            for (String factory : o.fieldNames()) {
                JsonObject s = o.getJsonObject(factory);
                out.put(factory, new BalancerState(s.getBoolean("disable"), s.getJsonObject("loadRules"),
                    s.getLong("hlc")));
            }
            return out;
        } catch (DecodeException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a balancer state: " + json, e);
        }
    }
}
