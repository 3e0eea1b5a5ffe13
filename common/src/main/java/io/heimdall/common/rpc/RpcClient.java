package io.heimdall.common.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** Sends request bodies over the event bus with a timeout and turns every outcome into a payload or a typed failure. */
public final class RpcClient {
    private final Vertx vertx;

    public RpcClient(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The raw reply whatever its code, for callers that treat some non-OK codes (NO_MATCH) as answers. */
    public Future<RpcReply> request(String address, Buffer body, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            return Future.failedFuture(new RpcTimeoutException(address, timeoutMillis, null));
        }
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis);
        return vertx.eventBus().<Buffer>request(address, body, options)
            .recover(e -> Future.failedFuture(toRpcException(address, timeoutMillis, e)))
            .compose(this::decode);
    }

    /** The OK payload; any other code fails with {@link RpcException}. */
    public Future<Buffer> call(String address, Buffer body, long timeoutMillis) {
        return request(address, body, timeoutMillis).compose(reply -> reply.code() == ReplyCode.OK
            ? Future.succeededFuture(reply.payload())
            : Future.failedFuture(new RpcException(reply.code(), reply.message(), reply.payload(), null)));
    }

    private Future<RpcReply> decode(Message<Buffer> msg) {
        try {
            return Future.succeededFuture(RpcReply.decode(msg.body()));
        } catch (RuntimeException e) {
            return Future.failedFuture(new RpcException(ReplyCode.ERROR, "malformed reply: " + e.getMessage(),
                null, e));
        }
    }

    private static RpcException toRpcException(String address, long timeoutMillis, Throwable e) {
        if (e instanceof ReplyException re) {
            if (re.failureType() == ReplyFailure.TIMEOUT) {
                return new RpcTimeoutException(address, timeoutMillis, e);
            }
            if (re.failureType() == ReplyFailure.NO_HANDLERS) {
                return new RpcUnreachableException(address, e);
            }
        }
        return new RpcException(ReplyCode.ERROR, String.valueOf(e.getMessage()), null, e);
    }
}
