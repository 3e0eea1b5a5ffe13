package io.heimdall.kv.lin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
    private final History h = new History();

    private boolean linearizable() {
        return LinearizabilityChecker.check(h.entries()).linearizable();
    }

    @Test
    void sequentialHistoryIsLinearizable() {
        h.ok(h.invoke(0, Op.write(1)), 0);
        h.ok(h.invoke(0, Op.read()), 1);
        h.ok(h.invoke(1, Op.cas(1, 2)), 1);
        h.ok(h.invoke(1, Op.cas(1, 3)), 0);
        h.ok(h.invoke(0, Op.read()), 2);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void staleReadAfterCompletedWriteIsNot() {
        h.ok(h.invoke(0, Op.write(1)), 0);
        h.ok(h.invoke(1, Op.read()), 0);
        assertThat(linearizable()).isFalse();
    }

    @Test
    void readConcurrentWithWriteMaySeeEither() {
        int w = h.invoke(0, Op.write(1));
        int r1 = h.invoke(1, Op.read());
        int r2 = h.invoke(2, Op.read());
        h.ok(r1, 0);
        h.ok(r2, 1);
        h.ok(w, 0);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void readsMustNotGoBackInTime() {
        int w = h.invoke(0, Op.write(1));
        h.ok(h.invoke(1, Op.read()), 1);
        h.ok(h.invoke(1, Op.read()), 0);
        h.ok(w, 0);
        assertThat(linearizable()).isFalse();
    }

    @Test
    void lostWriteIsCaught() {
        h.ok(h.invoke(0, Op.write(1)), 0);
        h.ok(h.invoke(0, Op.write(2)), 0);
        h.ok(h.invoke(1, Op.read()), 1);
        assertThat(linearizable()).isFalse();
    }

    @Test
    void twoConcurrentCasFromSameValueCannotBothSwap() {
        int a = h.invoke(0, Op.cas(0, 1));
        int b = h.invoke(1, Op.cas(0, 2));
        h.ok(a, 1);
        h.ok(b, 1);
        assertThat(linearizable()).isFalse();
    }

    @Test
    void oneCasWinsOneLoses() {
        int a = h.invoke(0, Op.cas(0, 1));
        int b = h.invoke(1, Op.cas(0, 2));
        h.ok(b, 0);
        h.ok(a, 1);
        h.ok(h.invoke(2, Op.read()), 1);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void timedOutWriteMayTakeEffectLater() {
        int w = h.invoke(0, Op.write(1));
        h.info(w);
        h.ok(h.invoke(1, Op.read()), 0);
        h.ok(h.invoke(1, Op.read()), 1);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void timedOutWriteMayNeverTakeEffect() {
        h.info(h.invoke(0, Op.write(1)));
        h.ok(h.invoke(1, Op.read()), 0);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void timedOutWriteOnceSeenStaysSeen() {
        h.info(h.invoke(0, Op.write(1)));
        h.ok(h.invoke(1, Op.read()), 1);
        h.ok(h.invoke(1, Op.read()), 0);
        assertThat(linearizable()).isFalse();
    }

    @Test
    void timedOutCasMaySwap() {
        h.info(h.invoke(0, Op.cas(0, 5)));
        h.ok(h.invoke(1, Op.read()), 5);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void failedWriteHasNoEffect() {
        h.fail(h.invoke(0, Op.write(1)));
        h.ok(h.invoke(1, Op.read()), 1);
        assertThat(linearizable()).isFalse();
    }

    @Test
    void timedOutReadsConstrainNothing() {
        h.ok(h.invoke(0, Op.write(1)), 0);
        h.info(h.invoke(1, Op.read()));
        h.ok(h.invoke(1, Op.read()), 1);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void randomConcurrentHistoriesOfARealRegisterPassAndCorruptedOnesFail() {
        Random rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<History.Entry> good = simulate(rnd, 5, 200);
            LinearizabilityChecker.Result ok = LinearizabilityChecker.check(good);
            assertThat(ok.linearizable()).as("round %d", round).isTrue();
            assertThat(ok.deepestLinearization()).hasSize((int) good.stream()
                .filter(e -> e.outcome() != History.Outcome.FAIL).count());

            List<History.Entry> bad = new ArrayList<>(good);
            int victim = indexOfRead(bad, rnd);
            History.Entry e = bad.get(victim);
            bad.set(victim, new History.Entry(e.id(), e.process(), e.op(), History.Outcome.OK, 999_999, e.call(),
                e.ret()));
            assertThat(LinearizabilityChecker.check(bad).linearizable()).as("round %d corrupted", round).isFalse();
        }
    }

    /**
     * Runs {@code n} operations of {@code processes} clients against a real register: each operation takes effect
     * at one instant strictly between its call and its return, so the history is linearizable by construction.
     */
    private static List<History.Entry> simulate(Random rnd, int processes, int n) {
        History history = new History();
        int[] pending = new int[processes];
        Op[] pendingOp = new Op[processes];
        boolean[] applied = new boolean[processes];
        int[] result = new int[processes];
        Arrays.fill(pending, -1);
        int register = 0;
        int next = 1;
        int started = 0;
        while (started < n || Arrays.stream(pending).anyMatch(p -> p >= 0)) {
            int p = rnd.nextInt(processes);
            if (pending[p] < 0) {
                if (started == n) {
                    continue;
                }
                Op op = switch (rnd.nextInt(3)) {
                    case 0 -> Op.read();
                    case 1 -> Op.write(next++);
                    default -> Op.cas(rnd.nextBoolean() ? register : rnd.nextInt(next), next++);
                };
                pending[p] = history.invoke(p, op);
                pendingOp[p] = op;
                applied[p] = false;
                started++;
            } else if (!applied[p]) {
                Op op = pendingOp[p];
                switch (op.kind()) {
                    case READ -> result[p] = register;
                    case WRITE -> register = op.value();
                    case CAS -> {
                        result[p] = register == op.expected() ? 1 : 0;
                        if (result[p] == 1) {
                            register = op.value();
                        }
                    }
                }
                applied[p] = true;
            } else {
                if (pendingOp[p].kind() != Op.Kind.READ && rnd.nextInt(40) == 0) {
                    history.info(pending[p]);
                } else {
                    history.ok(pending[p], result[p]);
                }
                pending[p] = -1;
            }
        }
        return history.entries();
    }

    private static int indexOfRead(List<History.Entry> entries, Random rnd) {
        while (true) {
            int i = rnd.nextInt(entries.size());
            if (entries.get(i).op().kind() == Op.Kind.READ && entries.get(i).outcome() == History.Outcome.OK) {
                return i;
            }
        }
    }
}
