package io.heimdall.kv.landscape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.LoadHint;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.range.SyncState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DescriptorJsonTest {
    static RangeDescriptor range(long epoch, long id, byte[] start, byte[] end, byte[] splitKey) {
        return new RangeDescriptor(new KVRangeId(epoch, id), (3L << 32) | 7, new Boundary(start, end),
            RangeState.ConfigChanging, RaftRole.Leader,
            new ClusterConfig(Set.of("a", "b"), Set.of("c"), Set.of("a", "b", "d"), Set.of()),
            Map.of("b", SyncState.Replicating, "c", SyncState.SnapshotSyncing),
            Map.of("dataSize", 1234.0), new LoadHint(12.5, 1000, 2000, splitKey), 99L);
    }

    @Test
    void storeDescriptorRoundTripsWithBinaryKeysAndOpenEnds() {
        RangeDescriptor open = range(1L << 40, 0, null, new byte[] {0, (byte) 0xff, 10}, null);
        RangeDescriptor closed = range(1L << 40, 5, new byte[] {0, (byte) 0xff, 10}, null, new byte[] {(byte) 0x80});
        RangeDescriptor empty = range(2, 1, new byte[0], new byte[] {1}, new byte[0]);
        StoreDescriptor d = new StoreDescriptor("s1", "host", "127.0.0.1:1234", Map.of("k", "v"),
            Map.of("cpu.usage", 0.25, "disk", 1e9), List.of(open, closed, empty), 42L);

        StoreDescriptor back = DescriptorJson.decodeStore(DescriptorJson.encode(d));

        assertThat(back.id()).isEqualTo("s1");
        assertThat(back.hostId()).isEqualTo("host");
        assertThat(back.raftEndpoint()).isEqualTo("127.0.0.1:1234");
        assertThat(back.attributes()).isEqualTo(d.attributes());
        assertThat(back.statistics()).isEqualTo(d.statistics());
        assertThat(back.hlc()).isEqualTo(42L);
        assertThat(back.ranges()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertSameRange(back.ranges().get(i), d.ranges().get(i));
        }
    }

    @Test
    void nonFiniteStatisticsAreLeftOut() {
        StoreDescriptor d = new StoreDescriptor("s", "h", "e", Map.of(), Map.of("cpu.usage", Double.NaN, "disk", 1.0),
            List.of(), 1);
        assertThat(DescriptorJson.decodeStore(DescriptorJson.encode(d)).statistics()).isEqualTo(Map.of("disk", 1.0));
    }

    @Test
    void badInputIsRejectedWithTheFieldName() {
        assertThatThrownBy(() -> DescriptorJson.decodeStore("{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DescriptorJson.decodeStore("{\"id\":1}"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store.");
        StoreDescriptor d = new StoreDescriptor("s", "h", "e", Map.of(), Map.of(),
            List.of(range(1, 0, null, null, null)), 1);
        String broken = DescriptorJson.encode(d).replace("ConfigChanging", "Nonsense");
        assertThatThrownBy(() -> DescriptorJson.decodeStore(broken))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad range descriptor");
        String badKey = DescriptorJson.encode(d).replace("\"end\":null", "\"end\":\"***\"");
        assertThatThrownBy(() -> DescriptorJson.decodeStore(badKey))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("range.boundary.end");
    }

    static void assertSameRange(RangeDescriptor a, RangeDescriptor e) {
        assertThat(a.id()).isEqualTo(e.id());
        assertThat(a.ver()).isEqualTo(e.ver());
        assertThat(a.boundary()).isEqualTo(e.boundary());
        assertThat(a.state()).isEqualTo(e.state());
        assertThat(a.role()).isEqualTo(e.role());
        assertThat(a.config()).isEqualTo(e.config());
        assertThat(a.syncState()).isEqualTo(e.syncState());
        assertThat(a.statistics()).isEqualTo(e.statistics());
        assertThat(a.loadHint().ioDensity()).isEqualTo(e.loadHint().ioDensity());
        assertThat(a.loadHint().ioLatencyNanos()).isEqualTo(e.loadHint().ioLatencyNanos());
        assertThat(a.loadHint().avgLatencyNanos()).isEqualTo(e.loadHint().avgLatencyNanos());
        assertThat(a.loadHint().splitKey()).isEqualTo(e.loadHint().splitKey());
        assertThat(a.hlc()).isEqualTo(e.hlc());
    }
}
