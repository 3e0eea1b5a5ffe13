package io.heimdall.kv.lin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a register history is linearizable: the Wing &amp; Gong search with Lowe's memoisation of
 * (linearized set, state) pairs. Failed operations are dropped, reads with unknown outcome are dropped, and writes
 * or CAS with unknown outcome get a return at infinity, so they may take effect at any point after their call, or
 * never (placed last, where nothing observes them).
 */
public final class LinearizabilityChecker {
    /** The verdict; on failure, the longest prefix order found before the search gave up. */
    public record Result(boolean linearizable, List<History.Entry> deepestLinearization, long explored) {
    }

    private static final class Node {
        Node prev;
        Node next;
        History.Entry entry;
        boolean call;
        Node match;
    }

    private record Frame(Node call, int stateBefore) {
    }

    private record Config(BitSet linearized, int state) {
    }

    private LinearizabilityChecker() {
    }

    public static Result check(List<History.Entry> history) {
        List<History.Entry> ops = history.stream()
            .filter(e -> e.outcome() != History.Outcome.FAIL)
            .filter(e -> !(e.outcome() == History.Outcome.INFO && e.op().kind() == Op.Kind.READ))
            .toList();
        Node head = build(ops);
        Deque<Frame> stack = new ArrayDeque<>();
        Set<Config> seen = new HashSet<>();
        BitSet linearized = new BitSet();
        List<History.Entry> deepest = List.of();
        int state = RegisterModel.INITIAL;
        long explored = 0;
        Node n = head.next;
        while (head.next != null) {
            explored++;
            if (n.call) {
                History.Entry e = n.entry;
                int next = RegisterModel.step(state, e.op(), e.outcome() == History.Outcome.OK, e.result());
                if (next != RegisterModel.ILLEGAL) {
                    BitSet after = (BitSet) linearized.clone();
                    after.set(e.id());
                    if (seen.add(new Config(after, next))) {
                        stack.push(new Frame(n, state));
                        linearized = after;
                        state = next;
                        lift(n);
                        n = head.next;
                        continue;
                    }
                }
                n = n.next;
            } else {
                if (stack.size() > deepest.size()) {
                    deepest = order(stack);
                }
                if (stack.isEmpty()) {
                    return new Result(false, deepest, explored);
                }
                Frame f = stack.pop();
                state = f.stateBefore();
                linearized = (BitSet) linearized.clone();
                linearized.clear(f.call().entry.id());
                unlift(f.call());
                n = f.call().next;
            }
        }
        return new Result(true, order(stack), explored);
    }

    private static List<History.Entry> order(Deque<Frame> stack) {
        List<History.Entry> out = new ArrayList<>(stack.size());
        stack.descendingIterator().forEachRemaining(f -> out.add(f.call().entry));
        return out;
    }

    /** The call and return events in real-time order, behind a sentinel head. */
    private static Node build(List<History.Entry> ops) {
        record Event(long at, Node node) {
        }
        List<Event> events = new ArrayList<>();
        for (History.Entry e : ops) {
            Node call = new Node();
            Node ret = new Node();
            call.entry = e;
            call.call = true;
            call.match = ret;
            ret.entry = e;
            ret.match = call;
            long returnAt = e.outcome() == History.Outcome.OK ? e.ret() : Long.MAX_VALUE;
            events.add(new Event(e.call(), call));
            events.add(new Event(returnAt, ret));
        }
        events.sort(Comparator.comparingLong(Event::at));
        Node head = new Node();
        Node tail = head;
        for (Event ev : events) {
            tail.next = ev.node();
            ev.node().prev = tail;
            tail = ev.node();
        }
        return head;
    }

    private static void lift(Node call) {
        remove(call);
        remove(call.match);
    }

    private static void unlift(Node call) {
        reinsert(call.match);
        reinsert(call);
    }

    private static void remove(Node n) {
        n.prev.next = n.next;
        if (n.next != null) {
            n.next.prev = n.prev;
        }
    }

    private static void reinsert(Node n) {
        n.prev.next = n;
        if (n.next != null) {
            n.next.prev = n;
        }
    }
}
