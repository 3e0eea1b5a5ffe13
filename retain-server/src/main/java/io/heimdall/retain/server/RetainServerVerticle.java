package io.heimdall.retain.server;

import io.heimdall.common.rpc.RpcServer;
import io.heimdall.kv.host.StoreAccess;
import io.heimdall.retain.client.RetainClient;
import io.heimdall.retain.store.RetainStoreVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retainserver role: serves {@code retain.server}, keeping and matching retained messages in the retain.store
 * KV cluster of the underlay; stateless, so any number of nodes may serve it. config() is
 * {@code retainServiceConfig.server}.
 */
public class RetainServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RetainServerVerticle.class);
  private StoreAccess store;
  private MessageConsumer<Buffer> consumer;

  @Override
  public Future<?> start() {
    return StoreAccess.open(vertx, RetainStoreVerticle.STORE_NAME)
      .compose(opened -> {
        store = opened;
        RetainService service = new RetainService(new KVRetainStore(store.client(), System::currentTimeMillis));
        return RpcServer.serve(vertx, RetainClient.ADDRESS, service);
      })
      .onSuccess(c -> {
        consumer = c;
        LOG.info("retainserver serving {}", RetainClient.ADDRESS);
      });
  }

  @Override
  public Future<?> stop() {
    Future<Void> unserved = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unserved.transform(ar -> store == null ? Future.succeededFuture() : store.close(vertx));
  }
}
