package io.heimdall.inbox.server;

import io.heimdall.common.cluster.Underlay;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcServer;
import io.heimdall.dist.client.InboxDeliverRequest;
import io.heimdall.inbox.store.InboxStoreVerticle;
import io.heimdall.kv.client.KVStoreClient;
import io.heimdall.kv.client.KVStoreClientOptions;
import io.heimdall.kv.host.LocalStores;
import io.heimdall.kv.landscape.Landscape;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inboxserver role: serves {@code inbox.server} (inboxes of persistent sessions and dist's deliveries to them)
 * in front of the inbox.store KV cluster of the underlay; stateless, so any number of nodes may serve it. config()
 * is {@code inboxServiceConfig.server}.
 */
public class InboxServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(InboxServerVerticle.class);
  private Landscape landscape;
  private KVStoreClient kvClient;
  private MessageConsumer<Buffer> consumer;

  @Override
  public Future<?> start() {
    // Landscape.start() waits on Hazelcast: not on the event loop.
    return vertx.executeBlocking(() -> new Landscape(Underlay.hazelcast(vertx), InboxStoreVerticle.STORE_NAME).start())
      .compose(started -> {
        landscape = started;
        kvClient = new KVStoreClient(vertx, landscape, KVStoreClientOptions.defaults()
          .withLocalStores(() -> LocalStores.of(vertx, InboxStoreVerticle.STORE_NAME)));
        return RpcServer.serve(vertx, InboxDeliverRequest.ADDRESS, new InboxService(kvClient, new RpcClient(vertx)));
      })
      .onSuccess(c -> {
        consumer = c;
        LOG.info("inboxserver serving {}", InboxDeliverRequest.ADDRESS);
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
