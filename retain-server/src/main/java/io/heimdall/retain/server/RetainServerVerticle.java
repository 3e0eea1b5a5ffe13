package io.heimdall.retain.server;

import io.heimdall.common.cluster.Underlay;
import io.heimdall.common.rpc.RpcServer;
import io.heimdall.kv.client.KVStoreClient;
import io.heimdall.kv.client.KVStoreClientOptions;
import io.heimdall.kv.host.LocalStores;
import io.heimdall.kv.landscape.Landscape;
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
  private Landscape landscape;
  private KVStoreClient kvClient;
  private MessageConsumer<Buffer> consumer;

  @Override
  public Future<?> start() {
    // Landscape.start() waits on Hazelcast: not on the event loop.
    return vertx.executeBlocking(() -> new Landscape(Underlay.hazelcast(vertx), RetainStoreVerticle.STORE_NAME).start())
      .compose(started -> {
        landscape = started;
        kvClient = new KVStoreClient(vertx, landscape, KVStoreClientOptions.defaults()
          .withLocalStores(() -> LocalStores.of(vertx, RetainStoreVerticle.STORE_NAME)));
        RetainService service = new RetainService(new KVRetainStore(kvClient, System::currentTimeMillis));
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
    return unserved.transform(ar -> vertx.executeBlocking(() -> {
      if (kvClient != null) {
        kvClient.close();
      }
      if (landscape != null) {
        landscape.stop();
      }
      return null;
    }));
  }
}
