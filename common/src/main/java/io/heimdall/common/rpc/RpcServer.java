package io.heimdall.common.rpc;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds an {@link RpcHandler} to an event-bus address and answers every request with a framed {@link RpcReply}. */
public final class RpcServer {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

    private RpcServer() {
    }

    /**
     * Registers the handler at {@code address}; the future completes once the registration has reached the cluster.
     * Call it from the context the replies should be sent on (a verticle's), or from outside any context.
     */
    public static Future<MessageConsumer<Buffer>> serve(Vertx vertx, String address, RpcHandler handler) {
        MessageConsumer<Buffer> consumer = vertx.eventBus().consumer(address, msg -> dispatch(vertx, handler, msg));
        return consumer.completion().map(v -> consumer);
    }

    private static void dispatch(Vertx vertx, RpcHandler handler, Message<Buffer> msg) {
        Context ctx = vertx.getOrCreateContext();
        Future<Buffer> result;
        try {
            result = handler.handle(msg.body());
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(ar -> {
            RpcReply reply = ar.succeeded() ? RpcReply.ok(ar.result()) : toReply(msg.address(), ar.cause());
            // Store futures may complete on their own threads: hop back so replies leave from the consumer's context.
            if (Vertx.currentContext() == ctx) {
                msg.reply(reply.encode());
            } else {
                ctx.runOnContext(v -> msg.reply(reply.encode()));
            }
        });
    }

    private static RpcReply toReply(String address, Throwable e) {
        if (e instanceof RpcException re) {
            return new RpcReply(re.code(), re.reason(), re.payload());
        }
        LOG.warn("request at {} failed", address, e);
        return new RpcReply(ReplyCode.ERROR, String.valueOf(e), null);
    }
}
