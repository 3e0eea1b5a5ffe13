package io.heimdall.sessiondict;

import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The sessiondictserver role: serves one shard of the registry of online sessions at
 * {@code sessiondict.server.<id>} and announces itself so clients can route to it; config() may
 * name the id ({@code id}), else a random one is used.
 */
public class SessionDictServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SessionDictServerVerticle.class);
  private String serverId;
  private long announceTimer = -1;
  private MessageConsumer<Buffer> consumer;

  @Override
  public Future<?> start() {
    serverId = config().getString("id", UUID.randomUUID().toString());
    SessionDictService service = new SessionDictService(new RpcClient(vertx));
    return RpcServer.serve(vertx, SessionDictClient.addressOf(serverId), service)
      .compose(c -> {
        consumer = c;
        return SessionDictMembership.announce(vertx, serverId);
      })
      .onSuccess(timer -> {
        announceTimer = timer;
        LOG.info("sessiondictserver {} started", serverId);
      });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(announceTimer);
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return Future.join(unregistered, SessionDictMembership.withdraw(vertx, serverId));
  }

  /** The id this server announced. */
  public String serverId() {
    return serverId;
  }
}
