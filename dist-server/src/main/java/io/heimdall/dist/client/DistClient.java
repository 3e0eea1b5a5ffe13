package io.heimdall.dist.client;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.common.rpc.RpcClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends publishes and route changes to {@code dist.server}. Publishes are batched per tenant with
 * one batch in flight per tenant, which keeps each publisher's messages in order while batches
 * grow with load. Use it from one Vert.x context.
 */
public final class DistClient {
  private static final Logger LOG = LoggerFactory.getLogger(DistClient.class);
  /** The service address. */
  public static final String ADDRESS = "dist.server";
  static final long TIMEOUT_MILLIS = 10_000;
  static final int MAX_BATCH = 2048;
  static final int MAX_PENDING_PER_TENANT = 100_000;

  private final Vertx vertx;
  private final RpcClient rpc;
  private final Map<String, TenantQueue> queues = new HashMap<>();

  /** A client over the cluster's dist servers. */
  public DistClient(Vertx vertx) {
    this.vertx = vertx;
    this.rpc = new RpcClient(vertx);
  }

  /** Publishes one message; completes with its fate, never fails. */
  public Future<PubResult> pub(ClientInfo publisher, String topic, Message message) {
    TenantQueue queue = queues.computeIfAbsent(publisher.tenantId(), TenantQueue::new);
    if (queue.pending.size() >= MAX_PENDING_PER_TENANT) {
      LOG.debug("tenant {} has {} publishes waiting for dist: refusing", publisher.tenantId(), queue.pending.size());
      return Future.succeededFuture(PubResult.ERROR);
    }
    Promise<PubResult> promise = Promise.promise();
    queue.pending.add(new Pending(new DistWire.PubItem(publisher, topic, message), promise));
    if (!queue.inFlight && !queue.flushScheduled) {
      queue.flushScheduled = true;
      // Flush on the next turn of the loop so that publishes arriving together travel together.
      vertx.getOrCreateContext().runOnContext(v -> queue.flush());
    }
    return promise.future();
  }

  /** Routes (tenant, filter) to the receiving mqtt-server node. */
  public Future<Void> addRoute(String tenantId, String rawFilter, String receiverServerId) {
    return rpc.call(ADDRESS, DistWire.route(DistWire.OP_ADD_ROUTE,
      new DistWire.RouteItem(tenantId, rawFilter, receiverServerId)), TIMEOUT_MILLIS).mapEmpty();
  }

  /** Removes the route of (tenant, filter) to the node. */
  public Future<Void> removeRoute(String tenantId, String rawFilter, String receiverServerId) {
    return rpc.call(ADDRESS, DistWire.route(DistWire.OP_REMOVE_ROUTE,
      new DistWire.RouteItem(tenantId, rawFilter, receiverServerId)), TIMEOUT_MILLIS).mapEmpty();
  }

  private record Pending(DistWire.PubItem item, Promise<PubResult> promise) {
  }

  private final class TenantQueue {
    private final String tenantId;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean inFlight;
    private boolean flushScheduled;

    TenantQueue(String tenantId) {
      this.tenantId = tenantId;
    }

    void flush() {
      flushScheduled = false;
      if (inFlight || pending.isEmpty()) {
        return;
      }
      List<Pending> batch = new ArrayList<>(Math.min(pending.size(), MAX_BATCH));
      while (!pending.isEmpty() && batch.size() < MAX_BATCH) {
        batch.add(pending.poll());
      }
      inFlight = true;
      rpc.call(ADDRESS, DistWire.pub(tenantId, batch.stream().map(Pending::item).toList()), TIMEOUT_MILLIS)
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("publish batch of {} messages of tenant {} failed: {}", batch.size(), tenantId,
              ar.cause().getMessage());
          }
          List<PubResult> results = ar.succeeded() ? DistWire.readPubResults(ar.result(), batch.size()) : null;
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).promise().complete(results == null ? PubResult.ERROR : results.get(i));
          }
          inFlight = false;
          if (pending.isEmpty()) {
            queues.remove(tenantId);
          } else {
            flush();
          }
        });
    }
  }
}
