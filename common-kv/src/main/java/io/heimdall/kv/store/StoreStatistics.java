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
}
