package io.heimdall.mqtt.broker;

import io.heimdall.common.message.BrokerAddress;
import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.DeliverRequest;
import io.heimdall.common.message.KickRequest;
import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.common.rpc.RpcHandler;
import io.heimdall.mqtt.BrokerContext;
import io.heimdall.mqtt.session.MqttSession;
import io.heimdall.mqtt.subs.LocalSubscription;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves {@code mqtt.broker.<serverId>}: kicks of taken-over sessions, deliveries to local subscribers, and signals
 * that the inbox of a persistent session attached here got messages.
 */
public final class BrokerService implements RpcHandler {
  private final BrokerContext ctx;

  /** Serves the sessions and subscriptions of one verticle. */
  public BrokerService(BrokerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Buffer> handle(Buffer request) {
    BufferReader in = new BufferReader(request);
    byte version = in.readByte();
    if (version != BrokerAddress.VERSION) {
      return Future.failedFuture(new RpcException(ReplyCode.BAD_VERSION, "broker schema " + version));
    }
    byte op = in.readByte();
    if (op == BrokerAddress.OP_KICK) {
      return kick(KickRequest.decodeBody(in));
    }
    if (op == BrokerAddress.OP_DELIVER) {
      deliver(DeliverRequest.decodeBody(in));
      return Future.succeededFuture(Buffer.buffer());
    }
    if (op == BrokerAddress.OP_INBOX_SIGNAL) {
      String tenantId = in.readString();
      String inboxId = in.readString();
      ctx.sessions().byClient(tenantId, inboxId).forEach(MqttSession::inboxSignal);
      return Future.succeededFuture(Buffer.buffer());
    }
    return Future.failedFuture(new RpcException(ReplyCode.ERROR, "unknown broker operation " + op));
  }

  private Future<Buffer> kick(KickRequest kick) {
    Optional<MqttSession> session = ctx.sessions().byChannel(kick.channelId());
    if (session.isEmpty()) {
      return Future.failedFuture(new RpcException(ReplyCode.NO_MATCH, "no such connection"));
    }
    session.get().kick(kick.byServerReference());
    return Future.succeededFuture(Buffer.buffer());
  }

  private void deliver(DeliverRequest request) {
    for (DeliverRequest.Pack pack : request.packs()) {
      List<LocalSubscription> receivers = ctx.subscriptions().receivers(pack.tenantId(), pack.topic(),
        pack.publisher(), pack.sharedFilters());
      // Overlapping subscriptions of one session yield one delivery carrying all of them.
      Map<MqttSession, List<LocalSubscription>> bySession = new IdentityHashMap<>();
      for (LocalSubscription sub : receivers) {
        bySession.computeIfAbsent((MqttSession) sub.owner(), s -> new ArrayList<>(2)).add(sub);
      }
      bySession.forEach((session, subs) -> session.deliver(pack, subs));
    }
  }
}
