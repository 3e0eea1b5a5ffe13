package io.heimdall.sessiondict;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Optional;

/** Calls the session dict server that owns a session; the owner is chosen among the live servers. */
public final class SessionDictClient {
  static final long TIMEOUT_MILLIS = 10_000;
  private static final long MEMBERSHIP_MAX_AGE_MILLIS = 2_000;

  private final Vertx vertx;
  private final RpcClient rpc;
  private List<String> servers = List.of();
  private long serversReadAt;

  /** A client over the cluster's live session dict servers. */
  public SessionDictClient(Vertx vertx) {
    this.vertx = vertx;
    this.rpc = new RpcClient(vertx);
  }

  static String addressOf(String serverId) {
    return "sessiondict.server." + serverId;
  }

  /**
   * Registers a connection as the session of its tenant and client id (metadata clientId, serverId,
   * channelId). Completes once an older connection of the same session has been kicked.
   */
  public Future<Void> register(ClientInfo owner) {
    return call(SessionRegistry.keyOf(owner), SessionDictWire.register(owner)).mapEmpty();
  }

  /** Removes the registration if it still names this connection. */
  public Future<Boolean> unregister(String tenantId, String clientId, String channelId) {
    return call(new SessionKey(tenantId, clientId), SessionDictWire.unregister(tenantId, clientId, channelId))
      .map(true).recover(e -> noMatch(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  /** The connection currently registered for the session, if any. */
  public Future<Optional<ClientInfo>> get(String tenantId, String clientId) {
    return call(new SessionKey(tenantId, clientId), SessionDictWire.get(tenantId, clientId))
      .map(b -> Optional.of(SessionDictWire.decodeOwner(b)))
      .recover(e -> noMatch(e) ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e));
  }

  /** Disconnects the session wherever it is connected; false when it is not online. */
  public Future<Boolean> kick(String tenantId, String clientId) {
    return call(new SessionKey(tenantId, clientId), SessionDictWire.kick(tenantId, clientId))
      .map(true).recover(e -> noMatch(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  /** The live session dict servers as of now (sorted ids). */
  public Future<List<String>> servers() {
    return SessionDictMembership.servers(vertx);
  }

  private Future<Buffer> call(SessionKey key, Buffer request) {
    return liveServers(false).compose(list -> rpc.call(addressOf(ShardRouter.owner(key, list)), request, TIMEOUT_MILLIS))
      .recover(e -> {
        if (e instanceof RpcException re && re.notDelivered()) {
          // The owner left: re-read the membership once and retry on the new owner.
          return liveServers(true).compose(list ->
            rpc.call(addressOf(ShardRouter.owner(key, list)), request, TIMEOUT_MILLIS));
        }
        return Future.failedFuture(e);
      });
  }

  private Future<List<String>> liveServers(boolean refresh) {
    long now = System.currentTimeMillis();
    if (!refresh && !servers.isEmpty() && now - serversReadAt < MEMBERSHIP_MAX_AGE_MILLIS) {
      return Future.succeededFuture(servers);
    }
    return SessionDictMembership.servers(vertx).compose(list -> {
      if (list.isEmpty()) {
        return Future.failedFuture(new RpcException(ReplyCode.TRY_LATER, "no session dict server is running"));
      }
      servers = list;
      serversReadAt = now;
      return Future.succeededFuture(list);
    });
  }

  private static boolean noMatch(Throwable e) {
    return e instanceof RpcException re && re.code() == ReplyCode.NO_MATCH;
  }
}
