package io.heimdall.kv.landscape;

import static io.heimdall.kv.landscape.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.range.StoreDescriptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Publishers on three real Hazelcast members: descriptors propagate, stale ones lose, departed members vanish. */
class LandscapeClusterTest {
    private static final String STORE = "test.store";

    @Test
    void publishPropagateAndCleanUp() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3)) {
            Landscape observer = new Landscape(nodes.hazelcast(0), STORE).start();
            AtomicInteger changes = new AtomicInteger();
            observer.onChange(m -> changes.incrementAndGet());
            LandscapePublisher[] pubs = new LandscapePublisher[3];
            for (int i = 0; i < 3; i++) {
                pubs[i] = new LandscapePublisher(nodes.hazelcast(i), STORE, "store" + i);
                pubs[i].start().get(30, TimeUnit.SECONDS);
                pubs[i].publish(descriptor("store" + i, 10, "127.0.0.1:100" + i));
            }
            await(() -> observer.current().size() == 3, 30_000);
            assertThat(observer.raftEndpoint("store1")).contains("127.0.0.1:1001");
            assertThat(observer.current().get("store2").attributes())
                .containsEntry(LandscapePublisher.MEMBER_ATTR,
                    nodes.hazelcast(2).getCluster().getLocalMember().getUuid().toString());
            assertThat(changes.get()).isGreaterThanOrEqualTo(2);

            // a newer descriptor replaces the entry; an older one published afterwards is ignored
            pubs[1].publish(descriptor("store1", 20, "127.0.0.1:2001"));
            await(() -> observer.raftEndpoint("store1").orElse("").equals("127.0.0.1:2001"), 30_000);
            pubs[1].publish(descriptor("store1", 15, "127.0.0.1:1501"));
            pubs[1].publish(descriptor("store1", 30, "127.0.0.1:3001"));
            await(() -> observer.raftEndpoint("store1").orElse("").equals("127.0.0.1:3001"), 30_000);

            // garbage in the map is skipped, not fatal
            nodes.hazelcast(0).<String, String>getReplicatedMap(LandscapePublisher.mapName(STORE)).put("junk", "{]");
            Landscape second = new Landscape(nodes.hazelcast(1), STORE).start();
            await(() -> second.current().size() == 3, 30_000);

            // a member that leaves takes its store out of the landscape
            nodes.stop(2);
            await(() -> !observer.current().containsKey("store2"), 30_000);
            assertThat(observer.current()).containsKeys("store0", "store1");

            // a store that stops removes its own entry
            pubs[1].stop().get(30, TimeUnit.SECONDS);
            await(() -> !observer.current().containsKey("store1"), 30_000);
            assertThat(observer.current().keySet()).containsExactly("store0");
        }
    }

    private static StoreDescriptor descriptor(String id, long hlc, String endpoint) {
        return new StoreDescriptor(id, "host", endpoint, Map.of(), Map.of("cpu.usage", 0.1), List.of(), hlc);
    }
}
