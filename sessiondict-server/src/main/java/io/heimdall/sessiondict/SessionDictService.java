package io.heimdall.sessiondict;

import io.heimdall.common.message.BrokerAddress;
import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.KickRequest;
import io.heimdall.common.message.MessageCodec;
import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.common.rpc.RpcHandler;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Serves one shard of the session dict: registration, lookup, and kicking the older of two sessions. */
final class SessionDictService implements RpcHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SessionDictService.class);
  static final long KICK_TIMEOUT_MILLIS = 5_000;

  private final SessionRegistry registry = new SessionRegistry();
  private final RpcClient rpc;

  SessionDictService(RpcClient rpc) {
    this.rpc = rpc;
  }

  @Override
  public Future<Buffer> handle(Buffer request) {
    BufferReader in = new BufferReader(request);
    byte version = in.readByte();
    if (version != SessionDictWire.VERSION) {
      return Future.failedFuture(new RpcException(ReplyCode.BAD_VERSION, "session dict schema " + version));
    }
    byte op = in.readByte();
    switch (op) {
      case SessionDictWire.OP_REGISTER:
        return register(MessageCodec.readClientInfo(in));
      case SessionDictWire.OP_UNREGISTER: {
        SessionKey key = new SessionKey(in.readString(), in.readString());
        boolean removed = registry.unregister(key, in.readString());
        return removed ? Future.succeededFuture(Buffer.buffer())
          : Future.failedFuture(new RpcException(ReplyCode.NO_MATCH, "not the registered connection"));
      }
      case SessionDictWire.OP_GET: {
        Optional<ClientInfo> owner = registry.get(new SessionKey(in.readString(), in.readString()));
        return owner.map(o -> Future.succeededFuture(SessionDictWire.encodeOwner(o)))
          .orElseGet(() -> Future.failedFuture(new RpcException(ReplyCode.NO_MATCH, "no such session")));
      }
      case SessionDictWire.OP_KICK: {
        Optional<ClientInfo> owner = registry.get(new SessionKey(in.readString(), in.readString()));
        if (owner.isEmpty()) {
          return Future.failedFuture(new RpcException(ReplyCode.NO_MATCH, "no such session"));
        }
        return kick(owner.get(), null).map(Buffer.buffer());
      }
      default:
        return Future.failedFuture(new RpcException(ReplyCode.ERROR, "unknown session dict operation " + op));
    }
  }

  private Future<Buffer> register(ClientInfo owner) {
    Optional<ClientInfo> loser = registry.register(owner);
    if (loser.isEmpty()) {
      return Future.succeededFuture(Buffer.buffer());
    }
    // The new session waits for the old one to be closed, so the client never sees both alive.
    return kick(loser.get(), owner.meta(ClientInfo.MQTT_SERVER_ID)).map(Buffer.buffer());
  }

  /**
   * Hands the entries this server no longer owns under {@code servers} to their new owners, so a
   * later connection of such a session still finds (and kicks) the earlier one.
   */
  Future<Void> handOver(String selfId, List<String> servers) {
    List<Future<Void>> moves = new ArrayList<>();
    for (ClientInfo owner : registry.entries()) {
      String target = ShardRouter.owner(SessionRegistry.keyOf(owner), servers);
      if (!target.equals(selfId)) {
        moves.add(rpc.call(SessionDictClient.addressOf(target), SessionDictWire.register(owner), KICK_TIMEOUT_MILLIS)
          .onSuccess(ok -> registry.handedOver(owner)).mapEmpty());
      }
    }
    return Future.join(moves).mapEmpty();
  }

  private Future<Void> kick(ClientInfo victim, String byServer) {
    KickRequest kick = new KickRequest(victim.tenantId(), victim.meta(ClientInfo.MQTT_CLIENT_ID),
      victim.meta(ClientInfo.MQTT_CHANNEL_ID), byServer);
    return rpc.request(BrokerAddress.of(victim.meta(ClientInfo.MQTT_SERVER_ID)), kick.encode(), KICK_TIMEOUT_MILLIS)
      .<Void>mapEmpty()
      .recover(e -> {
        // The old broker is gone or slow: its session is unreachable anyway, so the new one proceeds.
        LOG.warn("kick of {}/{} on {} failed: {}", kick.tenantId(), kick.clientId(),
          victim.meta(ClientInfo.MQTT_SERVER_ID), e.getMessage());
        return Future.succeededFuture();
      });
  }
}
