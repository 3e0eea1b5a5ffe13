package io.heimdall.kv.balance;

import io.heimdall.common.hlc.HLC;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Where a balancer takes time, randomness and fresh epochs from, so that its decisions are a function of its
 * inputs: tests and the simulator pass a controllable clock and a seeded random.
 *
 * @param millis wall-clock milliseconds
 * @param random source of the random delays
 * @param hlc    hybrid logical clock, the epoch of a genesis range
 */
public record BalancerContext(LongSupplier millis, Random random, LongSupplier hlc) {
    /** The process's clocks and an unseeded random. */
    public static BalancerContext system() {
        return new BalancerContext(System::currentTimeMillis, new Random(), HLC.INST::get);
    }
}
