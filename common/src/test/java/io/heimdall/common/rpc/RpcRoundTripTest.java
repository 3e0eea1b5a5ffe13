package io.heimdall.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RpcRoundTripTest {
    private static Vertx vertx;
    private static RpcClient client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        client = new RpcClient(vertx);
        await(RpcServer.serve(vertx, "echo", Future::succeededFuture));
        await(RpcServer.serve(vertx, "typed", req -> Future.failedFuture(
            new RpcException(ReplyCode.BAD_VERSION, "stale " + req.toString(), Buffer.buffer("latest"), null))));
        await(RpcServer.serve(vertx, "throws", req -> {
            throw new IllegalStateException("boom");
        }));
        await(RpcServer.serve(vertx, "silent", req -> Promise.<Buffer>promise().future()));
        await(RpcServer.serve(vertx, "foreign", req -> Future.fromCompletionStage(
            CompletableFuture.supplyAsync(() -> req.copy().appendString("!")))));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void okPayloadComesBack() throws Exception {
        assertThat(await(client.call("echo", Buffer.buffer("hi"), 5000)).toString()).isEqualTo("hi");
    }

    @Test
    void typedFailureKeepsCodeMessageAndPayload() {
        RpcException e = failure(client.call("typed", Buffer.buffer("v1"), 5000));
        assertThat(e.code()).isEqualTo(ReplyCode.BAD_VERSION);
        assertThat(e.reason()).isEqualTo("stale v1");
        assertThat(e.payload().toString()).isEqualTo("latest");
    }

    @Test
    void rawRequestReturnsNonOkCodesAsAnswers() throws Exception {
        RpcReply reply = await(client.request("typed", Buffer.buffer("x"), 5000));
        assertThat(reply.code()).isEqualTo(ReplyCode.BAD_VERSION);
    }

    @Test
    void handlerExceptionAnswersError() {
        RpcException e = failure(client.call("throws", Buffer.buffer(), 5000));
        assertThat(e.code()).isEqualTo(ReplyCode.ERROR);
        assertThat(e.reason()).contains("boom");
    }

    @Test
    void silentHandlerTimesOut() {
        long start = System.nanoTime();
        RpcException e = failure(client.call("silent", Buffer.buffer(), 200));
        assertThat(e).isInstanceOf(RpcTimeoutException.class);
        assertThat(e.notDelivered()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
    }

    @Test
    void missingHandlerIsUnreachableAndNotDelivered() {
        RpcException e = failure(client.call("nobody.here", Buffer.buffer(), 5000));
        assertThat(e).isInstanceOf(RpcUnreachableException.class);
        assertThat(e.notDelivered()).isTrue();
    }

    @Test
    void replyFromForeignThreadArrives() throws Exception {
        assertThat(await(client.call("foreign", Buffer.buffer("x"), 5000)).toString()).isEqualTo("x!");
    }

    @Test
    void frameRoundTripsAndRejectsGarbage() {
        RpcReply r = new RpcReply(ReplyCode.NO_MATCH, "nothing", Buffer.buffer(new byte[] {1, 2, 3}));
        RpcReply back = RpcReply.decode(r.encode());
        assertThat(back.code()).isEqualTo(ReplyCode.NO_MATCH);
        assertThat(back.message()).isEqualTo("nothing");
        assertThat(back.payload().getBytes()).containsExactly(1, 2, 3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RpcReply.decode(Buffer.buffer(new byte[] {0, 0x7f})))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(ReplyCode.fromWire((byte) 99)).isEqualTo(ReplyCode.ERROR);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static RpcException failure(Future<?> f) {
        try {
            await(f);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RpcException.class);
            return (RpcException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("call succeeded");
    }
}
