package io.heimdall.dist.server;

import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcServer;
import io.heimdall.dist.client.DistClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distserver role: serves {@code dist.server}, matching publish batches against the routes in
 * dist.worker and delivering them to the mqtt-server nodes; takes its settings from config().
 */
public class DistServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DistServerVerticle.class);
  private final RouteStore routes;
  private MessageConsumer<Buffer> consumer;

  /** The role as the node deploys it. */
  public DistServerVerticle() {
    this(null);
  }

  /** The role over a given route store (embedders and tests that host dist.worker themselves). */
  public DistServerVerticle(RouteStore routes) {
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    if (routes == null) {
      // The KV routing client that reaches the dist.worker ranges is not available yet: serving
      // dist.server without it would acknowledge subscriptions that route nowhere.
      LOG.warn("distserver started without a route store: dist.server is not served");
      return Future.succeededFuture();
    }
    return RpcServer.serve(vertx, DistClient.ADDRESS, new DistService(routes, new RpcClient(vertx)))
      .onSuccess(c -> {
        consumer = c;
        LOG.info("distserver serving {}", DistClient.ADDRESS);
      });
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
