package io.heimdall.kv.store;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** Machine-level figures a store publishes. */
final class StoreStatistics {
    private StoreStatistics() {
    }

    /** CPU usage of the whole machine in [0, 1], or 0 when the platform does not tell. */
    static double cpuUsage() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double load = sun.getCpuLoad();
            return load < 0 || Double.isNaN(load) ? 0 : load;
        }
        return 0;
    }

    /** Bytes of every file under {@code dir} (RocksDB, Raft logs, snapshots), or -1 when the walk failed. */
    static long diskBytes(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // files come and go while Ratis and RocksDB work: a partial walk is retried on the next tick
            return -1;
        }
    }
}
