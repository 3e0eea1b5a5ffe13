package io.heimdall.kv.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.common.rpc.RpcTimeoutException;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.ClusterConfig;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.LoadHint;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.range.RangeDescriptor;
import io.heimdall.kv.range.RangeState;
import io.heimdall.kv.store.KVRangeException;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The request fields and the error payloads of the KV RPC, without a network. */
class KVRpcWireTest {
    @Test
    void fieldsRoundTripAndTruncationIsRejected() {
        Buffer b = KVRpcOp.CHANGE_REPLICA_CONFIG.request().i64(7).rangeId(new KVRangeId(3, 4))
            .strings(Set.of("a", "b")).strings(Set.of()).bytes(null).bytes(new byte[] {1, 2})
            .boundary(new Boundary(null, new byte[] {9})).bool(true).buffer();
        WireReader r = new WireReader(b);
        assertThat(r.u8()).isEqualTo(KVRpcOp.SCHEMA_VERSION);
        assertThat(KVRpcOp.fromWire(r.u8())).isEqualTo(KVRpcOp.CHANGE_REPLICA_CONFIG);
        assertThat(r.i64()).isEqualTo(7);
        assertThat(r.rangeId()).isEqualTo(new KVRangeId(3, 4));
        assertThat(r.strings()).containsExactlyInAnyOrder("a", "b");
        assertThat(r.strings()).isEmpty();
        assertThat(r.bytes()).isNull();
        assertThat(r.bytes()).containsExactly(1, 2);
        assertThat(r.boundary()).isEqualTo(new Boundary(null, new byte[] {9}));
        assertThat(r.bool()).isTrue();
        r.end();

        WireReader cut = new WireReader(b.slice(0, b.length() - 3));
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                cut.bytes();
            }
        }).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WireReader(Buffer.buffer().appendInt(Integer.MAX_VALUE)).strings())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad set size");
        assertThatThrownBy(() -> new WireReader(Buffer.buffer().appendInt(-5)).bytes())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative length");
        WireReader trailing = new WireReader(Buffer.buffer(new byte[] {1, 2}));
        trailing.u8();
        assertThatThrownBy(trailing::end).hasMessageContaining("trailing");
    }

    @Test
    void badVersionTravelsWithTheLatestDescriptor() {
        RangeDescriptor latest = new RangeDescriptor(new KVRangeId(5, 6), (2L << 32) | 3,
            new Boundary(new byte[] {1}, null), RangeState.Normal, RaftRole.Leader,
            ClusterConfig.of(Set.of("s1"), Set.of()), Map.of(), Map.of(), LoadHint.NONE, 11);
        RpcException wire = KVRpcErrors.toRpc(new CompletionException(KVRangeException.badVersion(latest)));
        assertThat(wire.code()).isEqualTo(ReplyCode.BAD_VERSION);

        KVRangeException back = (KVRangeException) KVRpcErrors.fromRpc(
            new RpcException(wire.code(), wire.reason(), wire.payload(), null));
        assertThat(back.code()).isEqualTo(KVRangeException.Code.BAD_VERSION);
        assertThat(back.latest().id()).isEqualTo(latest.id());
        assertThat(back.latest().ver()).isEqualTo(latest.ver());
        assertThat(back.latest().boundary()).isEqualTo(latest.boundary());
        assertThat(back.getMessage()).isEqualTo(KVRangeException.badVersion(latest).getMessage());
    }

    @Test
    void everyStoreCodeSurvivesAndOthersBecomeErrors() {
        for (KVRangeException.Code code : KVRangeException.Code.values()) {
            RpcException wire = KVRpcErrors.toRpc(new KVRangeException(code, "why"));
            KVRangeException back = (KVRangeException) KVRpcErrors.fromRpc(
                new RpcException(wire.code(), wire.reason(), wire.payload(), null));
            assertThat(back.code()).isEqualTo(code);
            assertThat(back.getMessage()).isEqualTo(code + ": why");
        }
        assertThat(KVRpcErrors.toRpc(new IllegalStateException("boom")).code()).isEqualTo(ReplyCode.ERROR);
        assertThat(((KVRangeException) KVRpcErrors.fromRpc(new RpcException(ReplyCode.NO_MATCH, "x"))).code())
            .isEqualTo(KVRangeException.Code.NOT_FOUND);
        assertThat(((KVRangeException) KVRpcErrors.fromRpc(
            new RpcException(ReplyCode.TRY_LATER, "x", Buffer.buffer("{garbage"), null))).code())
            .isEqualTo(KVRangeException.Code.TRY_LATER);
        RpcTimeoutException timeout = new RpcTimeoutException("a", 1, null);
        assertThat(KVRpcErrors.fromRpc(timeout)).as("transport failures pass unchanged").isSameAs(timeout);
    }
}
