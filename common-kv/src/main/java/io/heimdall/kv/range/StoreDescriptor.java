package io.heimdall.kv.range;

import java.util.List;
import java.util.Map;

/**
 * What one store publishes into the landscape: its id (also its Raft peer id), the host it runs on, the endpoint
 * its Raft server listens on ({@code host:port}), attributes, statistics ({@code cpu.usage}, {@code disk}, ...)
 * and every range replica it hosts.
 */
public record StoreDescriptor(String id,
                              String hostId,
                              String raftEndpoint,
                              Map<String, String> attributes,
                              Map<String, Double> statistics,
                              List<RangeDescriptor> ranges,
                              long hlc) {
    public StoreDescriptor {
        attributes = Map.copyOf(attributes);
        statistics = Map.copyOf(statistics);
        ranges = List.copyOf(ranges);
    }
}
