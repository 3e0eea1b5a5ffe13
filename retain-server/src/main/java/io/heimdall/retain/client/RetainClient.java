package io.heimdall.retain.client;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.retain.store.RetainResult;
import io.heimdall.retain.store.RetainedMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * Calls {@code retain.server}. Failures are {@link io.heimdall.common.rpc.RpcException}s with a typed code:
 * TRY_LATER when the store has no serving range or the call timed out, ERROR for a request that can never succeed.
 */
public final class RetainClient {
  /** The service address. */
  public static final String ADDRESS = "retain.server";
  /** Longer than the server's own store deadline, so the server's typed answer arrives first. */
  static final long TIMEOUT_MILLIS = 15_000;

  private final RpcClient rpc;

  /** A client over the cluster's retain servers. */
  public RetainClient(Vertx vertx) {
    this.rpc = new RpcClient(vertx);
  }

  /**
   * Makes {@code message} the retained message of {@code topic} (an empty payload clears it), unless the tenant
   * already holds {@code topicLimit} retained topics.
   */
  public Future<RetainResult> retain(String tenantId, String topic, Message message, ClientInfo publisher,
                                     int topicLimit) {
    return rpc.call(ADDRESS, RetainWire.retain(tenantId, topic, message, publisher, topicLimit), TIMEOUT_MILLIS)
      .map(RetainWire::readRetainReply);
  }

  /**
   * At most {@code limit} unexpired retained messages whose topics match {@code filter}; none for a shared
   * subscription, which never receives retained messages.
   */
  public Future<List<RetainedMessage>> match(String tenantId, String filter, int limit) {
    return rpc.call(ADDRESS, RetainWire.match(tenantId, filter, limit), TIMEOUT_MILLIS)
      .map(RetainWire::readMatchReply);
  }
}
