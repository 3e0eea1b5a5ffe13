package io.heimdall.kv.balance.impl;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import java.util.function.LongPredicate;

/** Collects the problems of a rules object, one line per offending key, for a factory's {@code validate}. */
final class RuleChecker {
    private final JsonObject rules;
    private final List<String> problems = new ArrayList<>();

    RuleChecker(JsonObject rules, Set<String> knownKeys) {
        this.rules = rules;
        for (String key : new TreeSet<>(rules.fieldNames())) {
            if (!knownKeys.contains(key)) {
                problems.add(key + ": unknown rule, expected one of " + new TreeSet<>(knownKeys));
            }
        }
    }

    /** Checks that {@code key}, when present, is a whole number accepted by {@code ok}. */
    RuleChecker whole(String key, LongPredicate ok, String expectation) {
        Object v = rules.getValue(key);
        if (v == null) {
            return this;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
            || !ok.test(n.longValue())) {
            problems.add(key + ": " + expectation + ", got " + v);
        }
        return this;
    }

    /** Checks that {@code key}, when present, is a number accepted by {@code ok}. */
    RuleChecker number(String key, DoublePredicate ok, String expectation) {
        Object v = rules.getValue(key);
        if (v == null) {
            return this;
        }
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue()) || !ok.test(n.doubleValue())) {
            problems.add(key + ": " + expectation + ", got " + v);
        }
        return this;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** The value of {@code key} in {@code rules}, else in {@code defaults}. */
    static Number read(JsonObject rules, JsonObject defaults, String key) {
        Object v = rules.getValue(key);
        return v instanceof Number n ? n : (Number) defaults.getValue(key);
    }
}
