package io.heimdall.kv.balance.runtime;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * An operator's wish for one balancer of a store name: disabled or not, and rules to run with (null: keep the
 * current ones). Among proposals for the same balancer the one with the latest hlc wins.
 */
public record BalancerProposal(boolean disable, JsonObject rules, long hlc) {
    public BalancerProposal {
        rules = rules == null ? null : rules.copy();
    }

    @Override
    public JsonObject rules() {
        return rules == null ? null : rules.copy();
    }

    public String toJson() {
        JsonObject o = new JsonObject().put("disable", disable).put("hlc", hlc);
        if (rules != null) {
            o.put("rules", rules.copy());
        }
        return o.encode();
    }

    /** Parses a proposal; IllegalArgumentException when the JSON is not one. */
    public static BalancerProposal fromJson(String json) {
        try {
            JsonObject o = new JsonObject(json);
            Object disable = o.getValue("disable");
            Object hlc = o.getValue("hlc");
            Object rules = o.getValue("rules");
            if (!(disable instanceof Boolean d) || !(hlc instanceof Number h)
                || (rules != null && !(rules instanceof JsonObject))) {
                throw new IllegalArgumentException("not a balancer proposal: " + json);
            }
            return new BalancerProposal(d, (JsonObject) rules, h.longValue());
        } catch (DecodeException e) {
            throw new IllegalArgumentException("not a balancer proposal: " + json, e);
        }
    }
}
