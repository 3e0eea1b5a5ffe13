package io.heimdall.kv.balance.impl;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/** A count per store kept in (count, store id) order, so the least and most loaded stores are found in log time. */
final class StoreLoads {
    private final Map<String, Integer> counts = new HashMap<>();
    private final TreeSet<String> order =
        new TreeSet<>(Comparator.comparingInt((String s) -> counts.get(s)).thenComparing(s -> s));

    StoreLoads(Collection<String> stores) {
        for (String s : stores) {
            counts.put(s, 0);
            order.add(s);
        }
    }

    boolean tracks(String store) {
        return counts.containsKey(store);
    }

    /** Adds {@code delta} to the count of {@code store}; stores not tracked (not alive) are ignored. */
    void add(String store, int delta) {
        if (!counts.containsKey(store)) {
            return;
        }
        order.remove(store);
        counts.merge(store, delta, Integer::sum);
        order.add(store);
    }

    int count(String store) {
        return counts.getOrDefault(store, 0);
    }

    /** The least loaded eligible store (smallest id among equals), or null. */
    String least(Predicate<String> eligible) {
        for (String s : order) {
            if (eligible.test(s)) {
                return s;
            }
        }
        return null;
    }

    /** The most loaded eligible store (largest id among equals), or null. */
    String most(Predicate<String> eligible) {
        for (String s : order.descendingSet()) {
            if (eligible.test(s)) {
                return s;
            }
        }
        return null;
    }

    /** Stores from least to most loaded, live: stop iterating once a count changes. */
    Iterable<String> ascending() {
        return Collections.unmodifiableNavigableSet(order);
    }

    /** Stores from most to least loaded, live: stop iterating once a count changes. */
    Iterable<String> descending() {
        return Collections.unmodifiableNavigableSet(order.descendingSet());
    }

    int min() {
        return order.isEmpty() ? 0 : counts.get(order.first());
    }

    int max() {
        return order.isEmpty() ? 0 : counts.get(order.last());
    }

    String first() {
        return order.first();
    }

    String last() {
        return order.last();
    }

    boolean isEmpty() {
        return order.isEmpty();
    }
}
