package io.heimdall.kv.balance;

import java.time.Duration;
import java.util.Objects;

/** What a balancer decided: nothing to do, ask again later, or run a command now. */
public sealed interface BalanceResult {
    /** The shared answer for "nothing to do". */
    NoNeedBalance NO_NEED = new NoNeedBalance();

    /** The landscape is as this balancer wants it. */
    record NoNeedBalance() implements BalanceResult {
    }

    /** Something may need doing once {@code delay} has passed (a grace or suspicion period is running). */
    record AwaitBalance(Duration delay) implements BalanceResult {
        public AwaitBalance {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                delay = Duration.ZERO;
            }
        }
    }

    /** Run {@code command} now; {@code reason} says why, for the log. */
    record BalanceNow(BalanceCommand command, String reason) implements BalanceResult {
        public BalanceNow {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
