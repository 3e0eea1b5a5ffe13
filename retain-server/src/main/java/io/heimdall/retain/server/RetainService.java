package io.heimdall.retain.server;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.common.rpc.RpcHandler;
import io.heimdall.common.topic.TopicFilter;
import io.heimdall.common.topic.TopicLimits;
import io.heimdall.common.topic.TopicNames;
import io.heimdall.kv.store.KVRangeException;
import io.heimdall.retain.client.RetainWire;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * Serves {@code retain.server}: validates requests (a bad one answers ERROR with the reason and reaches no store),
 * runs them against the retain.store and turns store failures into typed codes.
 */
final class RetainService implements RpcHandler {
  private final KVRetainStore store;

  RetainService(KVRetainStore store) {
    this.store = store;
  }

  @Override
  public Future<Buffer> handle(Buffer request) {
    try {
      BufferReader in = new BufferReader(request);
      byte version = in.readByte();
      if (version != RetainWire.VERSION) {
        return Future.failedFuture(new RpcException(ReplyCode.BAD_VERSION, "retain schema " + version));
      }
      byte op = in.readByte();
      if (op == RetainWire.OP_RETAIN) {
        return retain(RetainWire.readRetain(in));
      }
      if (op == RetainWire.OP_MATCH) {
        return match(RetainWire.readMatch(in));
      }
      return Future.failedFuture(new RpcException(ReplyCode.ERROR, "unknown retain operation " + op));
    } catch (IllegalArgumentException e) {
      // TopicException is one: malformed bodies, topics, filters and tenants end here.
      return Future.failedFuture(new RpcException(ReplyCode.ERROR, "bad retain request: " + e.getMessage()));
    }
  }

  private Future<Buffer> retain(RetainWire.RetainRequest r) {
    // Tenant limits were applied by the broker that accepted the PUBLISH; here only what MQTT itself forbids.
    TopicNames.validate(r.topic(), TopicLimits.UNLIMITED);
    if (r.topicLimit() < 0) {
      throw new IllegalArgumentException("retained topic limit must not be negative");
    }
    if (!r.tenantId().equals(r.publisher().tenantId())) {
      throw new IllegalArgumentException("publisher of tenant " + r.publisher().tenantId() + " cannot retain for "
        + r.tenantId());
    }
    return typed(store.retain(r.tenantId(), r.topic(), r.message(), r.publisher(), r.topicLimit())
      .map(RetainWire::retainReply));
  }

  private Future<Buffer> match(RetainWire.MatchRequest r) {
    TopicFilter filter = TopicFilter.parse(r.filter(), TopicLimits.UNLIMITED);
    if (r.limit() < 0) {
      throw new IllegalArgumentException("match limit must not be negative");
    }
    if (filter.isShared() || r.limit() == 0) {
      // Shared subscriptions never receive retained messages (MQTT 5, 4.8.2).
      return Future.succeededFuture(RetainWire.matchReply(List.of()));
    }
    return typed(store.match(r.tenantId(), filter.filter(), r.limit()).map(RetainWire::matchReply));
  }

  private static Future<Buffer> typed(Future<Buffer> call) {
    return call.recover(e -> Future.failedFuture(e instanceof KVRangeException k ? toRpc(k) : e));
  }

  private static RpcException toRpc(KVRangeException e) {
    ReplyCode code = switch (e.code()) {
      case BACK_PRESSURE_REJECTED -> ReplyCode.BACK_PRESSURE_REJECTED;
      case BAD_REQUEST, ERROR -> ReplyCode.ERROR;
      default -> ReplyCode.TRY_LATER;
    };
    return new RpcException(code, "retain.store: " + e.getMessage(), null, e);
  }
}
