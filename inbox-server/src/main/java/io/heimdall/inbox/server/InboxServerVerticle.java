package io.heimdall.inbox.server;

import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcServer;
import io.heimdall.dist.client.InboxDeliverRequest;
import io.heimdall.inbox.store.InboxStoreVerticle;
import io.heimdall.kv.host.StoreAccess;
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
  private StoreAccess store;
  private MessageConsumer<Buffer> consumer;

  @Override
  public Future<?> start() {
    return StoreAccess.open(vertx, InboxStoreVerticle.STORE_NAME)
      .compose(opened -> {
        store = opened;
        return RpcServer.serve(vertx, InboxDeliverRequest.ADDRESS, new InboxService(store.client(), new RpcClient(vertx)));
      })
      .onSuccess(c -> {
        consumer = c;
        LOG.info("inboxserver serving {}", InboxDeliverRequest.ADDRESS);
      });
  }

  @Override
  public Future<?> stop() {
    Future<Void> unserved = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unserved.transform(ar -> store == null ? Future.succeededFuture() : store.close(vertx));
  }
}
