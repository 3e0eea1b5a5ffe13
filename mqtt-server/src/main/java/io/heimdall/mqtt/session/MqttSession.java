package io.heimdall.mqtt.session;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.DeliverRequest;
import io.heimdall.common.message.Message;
import io.heimdall.common.settings.Setting;
import io.heimdall.common.topic.TopicException;
import io.heimdall.common.topic.TopicFilter;
import io.heimdall.common.topic.TopicLimits;
import io.heimdall.dist.worker.Route;
import io.heimdall.inbox.store.InboxMessage;
import io.heimdall.inbox.store.InboxStoreWire;
import io.heimdall.inbox.store.InboxSubscription;
import io.heimdall.mqtt.BrokerContext;
import io.heimdall.mqtt.props.Props;
import io.heimdall.mqtt.subs.LocalSubscription;
import io.heimdall.mqtt.subs.SubscriptionOwner;
import io.heimdall.plugin.events.Event;
import io.heimdall.plugin.events.EventType;
import io.heimdall.retain.store.RetainedMessage;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Future;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One accepted MQTT connection: wires the endpoint's packets to inbound publishing, subscription
 * handling and outbound delivery, and ends the session (will, routes, registration) when it closes.
 * Runs on its verticle's event loop only.
 */
public final class MqttSession implements SubscriptionOwner {
  private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);

  private final BrokerContext ctx;
  private final MqttEndpoint endpoint;
  private final SessionSpec spec;
  private final Map<String, LocalSubscription> subscriptions = new HashMap<>();
  private final KeepAlive keepAlive;
  private final InboundPublishes inbound;
  private final Deliveries deliveries;
  private final SubscribeProcessor subscribes;
  private InboxConsumer inbox;
  private long sessionExpirySeconds;
  private boolean closed;
  private boolean willDiscarded;

  /** Creates the session for an endpoint whose CONNECT was accepted. */
  public MqttSession(BrokerContext ctx, MqttEndpoint endpoint, SessionSpec spec) {
    this.ctx = ctx;
    this.endpoint = endpoint;
    this.spec = spec;
    this.keepAlive = new KeepAlive(ctx.vertx(), spec.keepAliveSeconds(), this::keepAliveExpired);
    this.inbound = new InboundPublishes(this);
    this.deliveries = new Deliveries(this);
    this.subscribes = new SubscribeProcessor(this);
    this.sessionExpirySeconds = spec.sessionExpirySeconds();
  }

  /**
   * Starts a persistent session on its attached inbox: its subscriptions come back from the inbox, and the inbox
   * feeds it; call right after CONNACK.
   */
  public void startPersistent(InboxStoreWire.AttachResult attached) {
    for (InboxSubscription s : attached.subscriptions()) {
      try {
        subscriptions.put(s.filter(), new LocalSubscription(this, TopicFilter.parse(s.filter(), TopicLimits.UNLIMITED),
          s.qos(), s.noLocal(), s.retainAsPublished(), s.subscriptionId()));
      } catch (TopicException e) {
        LOG.warn("inbox of {} holds an unreadable filter {}: skipped", clientId(), s.filter());
      }
    }
    inbox = new InboxConsumer(this, attached);
    start();
    // MQTT-4.4.0-1: a resumed session first completes what the previous connection left half-done.
    attached.released().forEach(deliveries::resumeReleased);
    inbox.signal();
  }

  /** Messages arrived in this persistent session's inbox. */
  public void inboxSignal() {
    if (inbox != null) {
      inbox.signal();
    }
  }

  /** Takes over the endpoint's handlers; call right after CONNACK. */
  public void start() {
    endpoint.publishAutoAck(false);
    endpoint.subscriptionAutoAck(false);
    endpoint.autoKeepAlive(true);
    endpoint.publishHandler(m -> {
      keepAlive.touch();
      inbound.onPublish(m);
    });
    endpoint.publishReleaseMessageHandler(m -> {
      keepAlive.touch();
      inbound.onPubrel(m.messageId());
    });
    endpoint.publishAcknowledgeMessageHandler(m -> {
      keepAlive.touch();
      deliveries.onPuback(m.messageId());
    });
    endpoint.publishReceivedMessageHandler(m -> {
      keepAlive.touch();
      deliveries.onPubrec(m.messageId(), m.code().value());
    });
    endpoint.publishCompletionMessageHandler(m -> {
      keepAlive.touch();
      deliveries.onPubcomp(m.messageId());
    });
    endpoint.subscribeHandler(m -> {
      keepAlive.touch();
      subscribes.onSubscribe(m);
    });
    endpoint.unsubscribeHandler(m -> {
      keepAlive.touch();
      subscribes.onUnsubscribe(m);
    });
    endpoint.pingHandler(v -> keepAlive.touch());
    endpoint.authenticationExchangeHandler(m -> {
      keepAlive.touch();
      new ReAuthentication(this).onAuth(m);
    });
    endpoint.disconnectMessageHandler(m -> {
      // MQTT 5 DISCONNECT 0x04 asks for the will; every other client DISCONNECT discards it.
      willDiscarded = m.code() != MqttDisconnectReasonCode.WITH_WILL_MESSAGE;
      if (isV5()) {
        updateSessionExpiry(Props.intOf(m.properties(), MqttProperties.SESSION_EXPIRY_INTERVAL, -1));
      }
    });
    endpoint.exceptionHandler(this::onException);
    endpoint.closeHandler(v -> onClosed());
    ctx.sessions().add(this);
    ctx.metrics().connected();
    if (spec.keepAliveSeconds() > 0) {
      keepAlive.start();
    }
    report(EventType.CLIENT_CONNECTED, Map.of());
  }

  /** Delivers a matched message to this client through the given local subscriptions of it. */
  public void deliver(DeliverRequest.Pack pack, List<LocalSubscription> matched) {
    if (!closed) {
      deliveries.deliver(pack, matched);
    }
  }

  /** Delivers an inbox message through the subscriptions it matched; true when it waits for an acknowledgement. */
  boolean deliverFromInbox(InboxMessage m, boolean fromQoS12Queue, boolean dup) {
    List<LocalSubscription> matched = new ArrayList<>(m.filters().size());
    for (String filter : m.filters()) {
      LocalSubscription sub = subscriptions.get(filter);
      if (sub != null) {
        matched.add(sub);
      }
    }
    return !matched.isEmpty() && deliveries.deliverFromInbox(m, matched, fromQoS12Queue, dup);
  }

  /** A QoS 1/2 delivery is done with (acknowledged, expired or dropped). */
  void deliveryCompleted(Outbound outbound) {
    if (outbound.inboxSeq() >= 0 && inbox != null) {
      inbox.acknowledged(outbound.inboxSeq());
    }
  }

  /** The client answered a QoS 2 delivery with PUBREC. */
  void deliveryReleased(Outbound outbound) {
    if (outbound.inboxSeq() >= 0 && inbox != null) {
      inbox.released(outbound.inboxSeq());
    }
  }

  /** Makes a subscription take effect: in the local trie for a transient session, in the inbox for a persistent one. */
  Future<Void> route(LocalSubscription sub) {
    if (inbox == null) {
      return ctx.subscriptions().add(sub);
    }
    InboxSubscription persistent = new InboxSubscription(sub.filter().raw(), sub.qos(), sub.noLocal(),
      sub.retainAsPublished(), sub.subscriptionId());
    return ctx.inbox().subscribe(client().tenantId(), clientId(), persistent, setting(Setting.MaxTopicFiltersPerInbox))
      .compose(status -> status == InboxStoreWire.INSERT_OK
        ? ctx.dist().addRoute(client().tenantId(), sub.filter().raw(), Route.inboxReceiver(clientId()))
        : Future.failedFuture("inbox refused the subscription: " + status));
  }

  /** Undoes {@link #route}. */
  Future<Void> unroute(LocalSubscription sub) {
    if (inbox == null) {
      return ctx.subscriptions().remove(sub);
    }
    return ctx.inbox().unsubscribe(client().tenantId(), clientId(), sub.filter().raw())
      .compose(existed -> ctx.dist().removeRoute(client().tenantId(), sub.filter().raw(),
        Route.inboxReceiver(clientId())));
  }

  /** Delivers a retained message to a new subscription of this client (retain flag set, MQTT-3.3.1-8). */
  void deliverRetained(RetainedMessage retained, LocalSubscription sub) {
    if (!closed) {
      deliveries.deliverRetained(retained, sub);
    }
  }

  /** Closes the session because a newer connection took it over (MQTT 5: DISCONNECT 0x8E). */
  public void kick(String byServerReference) {
    report(EventType.KICKED, byServerReference == null ? Map.of() : Map.of("by", byServerReference));
    disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER, "session taken over");
  }

  @Override
  public ClientInfo client() {
    return spec.client();
  }

  /** The client identifier. */
  public String clientId() {
    return spec.client().meta(ClientInfo.MQTT_CLIENT_ID);
  }

  /** The connection's unique id. */
  public String channelId() {
    return spec.client().meta(ClientInfo.MQTT_CHANNEL_ID);
  }

  BrokerContext ctx() {
    return ctx;
  }

  MqttEndpoint endpoint() {
    return endpoint;
  }

  SessionSpec spec() {
    return spec;
  }

  Map<String, LocalSubscription> subscriptions() {
    return subscriptions;
  }

  boolean isV5() {
    return spec.protocolVersion() == 5;
  }

  /** True for a session kept in an inbox. */
  boolean isPersistent() {
    return inbox != null;
  }

  boolean isClosed() {
    return closed;
  }

  int setting(Setting s) {
    return spec.settings().intValue(s);
  }

  boolean enabled(Setting s) {
    return spec.settings().isOn(s);
  }

  /**
   * Ends the connection for a reason of the server's: MQTT 5 clients get a DISCONNECT with the
   * code (and the reason string if they accept problem information), MQTT 3 clients a close.
   */
  void disconnect(MqttDisconnectReasonCode code, String reason) {
    if (closed) {
      return;
    }
    LOG.debug("disconnecting {}/{}: {} {}", client().tenantId(), clientId(), code, reason);
    if (isV5() && endpoint.isConnected()) {
      endpoint.disconnect(code, Props.reason(reason, spec.problemInformation()));
    } else {
      endpoint.close();
    }
  }

  void report(EventType type, Map<String, String> detail) {
    if (type == EventType.PUB_DROPPED) {
      ctx.metrics().dropped();
    }
    ctx.plugins().eventCollector().report(new Event(type, System.currentTimeMillis(), client(), detail));
  }

  private void keepAliveExpired() {
    disconnect(MqttDisconnectReasonCode.KEEP_ALIVE_TIMEOUT, "keep alive timeout");
  }

  private void onException(Throwable e) {
    report(EventType.PROTOCOL_VIOLATION, Map.of("error", String.valueOf(e.getMessage())));
    if (e instanceof TooLongFrameException) {
      disconnect(MqttDisconnectReasonCode.PACKET_TOO_LARGE, "packet too large");
    } else if (String.valueOf(e.getMessage()).contains("invalid publish topic name")) {
      // netty's decoder refuses wildcard topics before we see the PUBLISH; MQTT 5 names that 0x90.
      disconnect(MqttDisconnectReasonCode.TOPIC_NAME_INVALID, e.getMessage());
    } else {
      disconnect(MqttDisconnectReasonCode.MALFORMED_PACKET, "malformed packet");
    }
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    keepAlive.stop();
    ctx.sessions().remove(this);
    ctx.metrics().disconnected();
    if (inbox == null) {
      for (LocalSubscription sub : subscriptions.values()) {
        ctx.subscriptions().remove(sub);
      }
    }
    subscriptions.clear();
    ctx.sessionDict().unregister(client().tenantId(), clientId(), channelId())
      .onFailure(e -> LOG.warn("unregistering {}/{} failed: {}", client().tenantId(), clientId(), e.getMessage()));
    report(EventType.CLIENT_DISCONNECTED, Map.of());
    WillSpec will = spec.will();
    boolean willDue = will != null && !willDiscarded;
    long delay = willDue ? Math.min(will.delaySeconds(), sessionExpirySeconds) : 0;
    if (willDue && delay <= 0) {
      publishWill(will);
    }
    if (inbox != null) {
      // The inbox store's leader publishes a delayed will, so it survives this node and is cancelled by a
      // reconnect anywhere.
      detachInbox(willDue && delay > 0);
    } else if (willDue && delay > 0) {
      ctx.sessions().delayWill(this, delay * 1000, () -> publishWill(will));
    }
  }

  /**
   * A DISCONNECT may change the session expiry, but not from 0 to more (MQTT-3.14.2-2: protocol error); a new
   * non-zero value is clamped like the CONNECT's.
   */
  private void updateSessionExpiry(long requested) {
    if (requested < 0) {
      return;
    }
    if (spec.sessionExpirySeconds() == 0 && requested > 0) {
      willDiscarded = false;
      disconnect(MqttDisconnectReasonCode.PROTOCOL_ERROR, "session expiry was 0 at CONNECT");
      return;
    }
    sessionExpirySeconds = requested == 0 ? 0 : Math.min(Math.max(requested,
      setting(Setting.MinSessionExpirySeconds)), setting(Setting.MaxSessionExpirySeconds));
  }

  private void detachInbox(boolean keepWill) {
    String tenant = client().tenantId();
    ctx.inbox().detach(tenant, clientId(), channelId(), sessionExpirySeconds, keepWill, inbox.q1Sent())
      .onSuccess(removed -> removed.forEach(filter ->
        ctx.dist().removeRoute(tenant, filter, Route.inboxReceiver(clientId()))))
      .onFailure(e -> LOG.warn("detaching the inbox of {}/{} failed: {}", tenant, clientId(), e.getMessage()));
  }

  private void publishWill(WillSpec will) {
    Message m = will.message();
    Message stamped = new Message(m.messageId(), m.qos(), m.payload(), System.currentTimeMillis(), m.expirySeconds(),
      m.retain(), m.properties());
    new MessagePublisher(this).publish(will.topic(), stamped)
      .onSuccess(r -> report(EventType.WILL_PUBLISHED, Map.of("result", r.name())));
  }

  static MqttProperties noProperties() {
    return MqttProperties.NO_PROPERTIES;
  }
}
