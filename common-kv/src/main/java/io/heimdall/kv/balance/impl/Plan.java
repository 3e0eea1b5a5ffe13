package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.BalanceResult;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The commands one landscape calls for, grouped by the store that must execute them, each store's in the order
 * they were planned. Every store derives the same plan and takes the first of its own.
 */
final class Plan {
    private final Map<String, List<BalanceResult.BalanceNow>> byExecutor = new HashMap<>();
    private int size;

    void add(BalanceResult.BalanceNow step) {
        byExecutor.computeIfAbsent(step.command().executor(), k -> new ArrayList<>()).add(step);
        size++;
    }

    /** The first command {@code store} must execute, or no-need. */
    BalanceResult next(String store) {
        List<BalanceResult.BalanceNow> mine = byExecutor.get(store);
        return mine == null ? BalanceResult.NO_NEED : mine.get(0);
    }

    int size() {
        return size;
    }

    /** Every planned command, grouped by executor. */
    Map<String, List<BalanceResult.BalanceNow>> byExecutor() {
        return byExecutor;
    }
}
