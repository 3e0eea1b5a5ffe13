package io.heimdall.sessiondict;

import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
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
  private long handOverTimer = -1;
  private List<String> lastServers = List.of();
  private boolean handingOver;
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
        handOverTimer = vertx.setPeriodic(SessionDictMembership.REFRESH_MILLIS, id -> checkMembership(service));
        LOG.info("sessiondictserver {} started", serverId);
      });
  }

  /** When the set of servers changed, hands over the sessions whose owner moved. */
  private void checkMembership(SessionDictService service) {
    if (handingOver) {
      return;
    }
    handingOver = true;
    SessionDictMembership.servers(vertx)
      .compose(servers -> {
        if (servers.equals(lastServers) || !servers.contains(serverId)) {
          return Future.succeededFuture();
        }
        return service.handOver(serverId, servers).onSuccess(v -> lastServers = servers);
      })
      .onComplete(ar -> handingOver = false);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(handOverTimer);
    vertx.cancelTimer(announceTimer);
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return Future.join(unregistered, SessionDictMembership.withdraw(vertx, serverId));
  }

  /** The id this server announced. */
  public String serverId() {
    return serverId;
  }
}
