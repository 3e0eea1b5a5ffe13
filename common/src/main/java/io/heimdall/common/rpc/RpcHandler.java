package io.heimdall.common.rpc;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Serves one request body. Answers an OK payload, or fails with {@link RpcException} for a typed status; any other
 * failure (or a thrown exception) answers ERROR.
 */
@FunctionalInterface
public interface RpcHandler {
    Future<Buffer> handle(Buffer request);
}
