package io.heimdall.kv.range;

/**
 * What a range's recent load says about splitting it: IO operations per second, IO latency, average latency of
 * operations, and the key that best halves the load (null when none is known).
 */
public record LoadHint(double ioDensity, long ioLatencyNanos, long avgLatencyNanos, byte[] splitKey) {
    public static final LoadHint NONE = new LoadHint(0, 0, 0, null);
}
