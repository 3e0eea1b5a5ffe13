package io.heimdall.dist.server;

import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcServer;
import io.heimdall.dist.client.DistClient;
import io.heimdall.dist.worker.DistWorkerVerticle;
import io.heimdall.kv.host.StoreAccess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
  private static final long ROUTES_WAIT_MILLIS = 30_000;
  private static final long ROUTES_POLL_MILLIS = 100;
  private StoreAccess store;
  private MessageConsumer<Buffer> consumer;

  /** The role as the node deploys it: routes in the dist.worker KV cluster of the underlay. */
  public DistServerVerticle() {
  }

  @Override
  public Future<?> start() {
    return StoreAccess.open(vertx, DistWorkerVerticle.STORE_NAME)
      .compose(opened -> {
        store = opened;
        return awaitRoutes(System.currentTimeMillis() + ROUTES_WAIT_MILLIS);
      })
      .compose(v -> RpcServer.serve(vertx, DistClient.ADDRESS,
        new DistService(new KVRouteStore(store.client()), new RpcClient(vertx))))
      .onSuccess(c -> {
        consumer = c;
        LOG.info("distserver serving {}", DistClient.ADDRESS);
      });
  }

  /**
   * Waits (bounded) until some dist.worker range serves the key space, so that a freshly started
   * cluster acknowledges its first subscriptions instead of refusing them while the genesis range
   * is still being elected. A cluster without any dist.worker store starts after the bound anyway.
   */
  private Future<Void> awaitRoutes(long deadline) {
    if (store.client().routes().find(new byte[0]).isPresent()) {
      return Future.succeededFuture();
    }
    if (System.currentTimeMillis() > deadline) {
      LOG.warn("no dist.worker range serves routes yet; subscriptions fail until one does");
      return Future.succeededFuture();
    }
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(ROUTES_POLL_MILLIS, id -> awaitRoutes(deadline).onComplete(waited));
    return waited.future();
  }

  @Override
  public Future<?> stop() {
    Future<Void> unserved = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unserved.transform(ar -> store == null ? Future.succeededFuture() : store.close(vertx));
  }
}
