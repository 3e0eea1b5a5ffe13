package io.heimdall.common.hlc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HLCTest {
    @Test
    void strictlyIncreasingAndTracksWallClock() {
        HLC clock = new HLC();
        long before = System.currentTimeMillis();
        long prev = clock.get();
        for (int i = 0; i < 100_000; i++) {
            long next = clock.get();
            assertThat(next).isGreaterThan(prev);
            prev = next;
        }
        assertThat(HLC.physicalMillis(prev)).isBetween(before, System.currentTimeMillis() + 2000);
    }

    @Test
    void updateMovesPastRemoteTimestamp() {
        HLC clock = new HLC();
        long remote = (System.currentTimeMillis() + 60_000) << 16;
        assertThat(clock.update(remote)).isGreaterThan(remote);
        assertThat(clock.get()).isGreaterThan(remote);
    }
}
