package io.heimdall.kv.lin;

/** Sequential specification of the register: the state after an operation, or {@link #ILLEGAL}. */
final class RegisterModel {
    static final int INITIAL = 0;
    static final int ILLEGAL = -1;

    private RegisterModel() {
    }

    /** Applies an operation that returned {@code result} ({@code known} false: outcome unknown, any result fits). */
    static int step(int state, Op op, boolean known, int result) {
        return switch (op.kind()) {
            case READ -> !known || result == state ? state : ILLEGAL;
            case WRITE -> op.value();
            case CAS -> {
                boolean swaps = state == op.expected();
                if (known && swaps != (result == 1)) {
                    yield ILLEGAL;
                }
                yield swaps ? op.value() : state;
            }
        };
    }
}
