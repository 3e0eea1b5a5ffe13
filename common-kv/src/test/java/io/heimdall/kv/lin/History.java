package io.heimdall.kv.lin;

import java.util.ArrayList;
import java.util.List;

/**
 * A concurrent history recorded in real-time order: every invocation and completion takes the next sequence
 * number. A completion is OK (with a result: the value read, or 1/0 for a CAS that did or did not swap), FAIL
 * (certainly had no effect) or INFO (outcome unknown, e.g. timed out: it may take effect at any later time).
 */
public final class History {
    /** How an operation ended. */
    public enum Outcome {
        OK,
        FAIL,
        INFO
    }

    /** One operation with its call and return positions; an INFO operation never returns. */
    public record Entry(int id, int process, Op op, Outcome outcome, int result, long call, long ret) {
        @Override
        public String toString() {
            return "p" + process + " " + op + " -> " + (outcome == Outcome.OK ? result : outcome) + " [" + call + ","
                + (ret == Long.MAX_VALUE ? "inf" : ret) + "]";
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private final List<Integer> processes = new ArrayList<>();
    private final List<Long> calls = new ArrayList<>();
    private final List<Long> returns = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<Integer> results = new ArrayList<>();
    private long seq;

    /** Records an invocation; returns the operation's id for its completion. */
    public synchronized int invoke(int process, Op op) {
        ops.add(op);
        processes.add(process);
        calls.add(seq++);
        returns.add(Long.MAX_VALUE);
        outcomes.add(Outcome.INFO);
        results.add(0);
        return ops.size() - 1;
    }

    public synchronized void ok(int id, int result) {
        complete(id, Outcome.OK, result);
    }

    public synchronized void fail(int id) {
        complete(id, Outcome.FAIL, 0);
    }

    /** The outcome is unknown; the operation stays open forever. */
    public synchronized void info(int id) {
        outcomes.set(id, Outcome.INFO);
    }

    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            out.add(new Entry(i, processes.get(i), ops.get(i), outcomes.get(i), results.get(i), calls.get(i),
                returns.get(i)));
        }
        return out;
    }

    /** A point in the history's order, for events outside it (such as a crash) to be placed among operations. */
    public synchronized long mark() {
        return seq++;
    }

    public synchronized long count(Outcome outcome) {
        return outcomes.stream().filter(o -> o == outcome).count();
    }

    private void complete(int id, Outcome outcome, int result) {
        if (returns.get(id) != Long.MAX_VALUE) {
            throw new IllegalStateException("operation " + id + " completed twice");
        }
        outcomes.set(id, outcome);
        results.set(id, result);
        returns.set(id, seq++);
    }
}
