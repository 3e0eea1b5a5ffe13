package io.heimdall.mqtt.connect;

import io.heimdall.common.hlc.HLC;
import io.vertx.core.buffer.Buffer;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.common.settings.Setting;
import io.heimdall.common.topic.MqttUtf8;
import io.heimdall.common.topic.TopicException;
import io.heimdall.common.topic.TopicLimits;
import io.heimdall.common.topic.TopicNames;
import io.heimdall.dist.worker.Route;
import io.heimdall.inbox.store.InboxStoreWire;
import io.heimdall.inbox.store.InboxWill;
import io.heimdall.mqtt.BrokerContext;
import io.heimdall.mqtt.props.Props;
import io.heimdall.mqtt.session.MqttSession;
import io.heimdall.mqtt.session.SessionSpec;
import io.heimdall.mqtt.session.WillSpec;
import io.heimdall.plugin.auth.AuthResult;
import io.heimdall.plugin.auth.Mqtt3AuthData;
import io.heimdall.plugin.auth.Mqtt5AuthData;
import io.heimdall.plugin.balancer.Redirection;
import io.heimdall.plugin.events.Event;
import io.heimdall.plugin.events.EventType;
import io.heimdall.plugin.settings.TenantSettings;
import io.heimdall.plugin.throttler.TenantResourceType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Future;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttWill;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Handles one CONNECT: validates it, authenticates (the result names the tenant), asks the
 * client balancer, registers the session with the session dict (kicking an older one), then
 * answers CONNACK with the properties the broker enforces and starts the session.
 */
public final class ConnectHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);
  static final long AUTH_TIMEOUT_SECONDS = 10;

  private final BrokerContext ctx;
  private final MqttEndpoint endpoint;
  private final int version;
  private boolean closed;

  private ConnectHandler(BrokerContext ctx, MqttEndpoint endpoint) {
    this.ctx = ctx;
    this.endpoint = endpoint;
    this.version = endpoint.protocolVersion();
  }

  /** Starts handling the CONNECT an endpoint carries. */
  public static void handle(BrokerContext ctx, MqttEndpoint endpoint) {
    new ConnectHandler(ctx, endpoint).run();
  }

  private void run() {
    endpoint.exceptionHandler(e -> endpoint.close());
    endpoint.closeHandler(v -> closed = true);
    MqttProperties props = version == 5 ? endpoint.connectProperties() : null;
    String requestedId = endpoint.clientIdentifier();
    boolean assigned = requestedId == null || requestedId.isEmpty();
    if (!assigned && !MqttUtf8.isWellFormed(requestedId)) {
      refuse(ConnectRefusal.CLIENT_ID_INVALID, "client identifier is not well-formed UTF-8");
      return;
    }
    if (props != null && (Props.intOf(props, MqttProperties.RECEIVE_MAXIMUM, 65535) == 0
      || Props.intOf(props, MqttProperties.MAXIMUM_PACKET_SIZE, 1) == 0)) {
      refuse(ConnectRefusal.PROTOCOL_ERROR, "receive maximum and maximum packet size must not be 0");
      return;
    }
    String clientId = assigned ? UUID.randomUUID().toString().replace("-", "") : requestedId;
    authenticate(clientId, props).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed()) {
        LOG.warn("authentication of {} failed", clientId, ar.cause());
        refuse(ConnectRefusal.SERVER_UNAVAILABLE, "authentication unavailable");
        return;
      }
      AuthResult result = ar.result();
      if (result instanceof AuthResult.Ok ok) {
        admit(ok, clientId, assigned, props);
      } else if (result instanceof AuthResult.Reject reject) {
        refuse(switch (reject.code()) {
          case BAD_PASS -> ConnectRefusal.BAD_CREDENTIALS;
          case NOT_AUTHORIZED -> ConnectRefusal.NOT_AUTHORIZED;
          case BAD_AUTH_METHOD -> ConnectRefusal.BAD_AUTH_METHOD;
          case ERROR -> ConnectRefusal.SERVER_UNAVAILABLE;
        }, reject.reason());
      } else {
        // vertx-mqtt drops packets other than CONNECT before CONNACK, so AUTH cannot continue here.
        refuse(ConnectRefusal.BAD_AUTH_METHOD, "multi-step authentication at CONNECT is not supported");
      }
    });
  }

  private Future<AuthResult> authenticate(String clientId, MqttProperties props) {
    Optional<String> username = Optional.ofNullable(endpoint.auth()).map(a -> a.getUsername());
    Optional<byte[]> password = Optional.ofNullable(endpoint.auth()).map(a -> a.getPassword())
      .map(p -> p.getBytes(StandardCharsets.UTF_8));
    String address = String.valueOf(endpoint.remoteAddress());
    Optional<String> certSubject = peerSubject();
    var provider = ctx.plugins().authProvider();
    var call = version == 5
      ? provider.auth(new Mqtt5AuthData(clientId, username, password,
        Optional.ofNullable(Props.stringOf(props, MqttProperties.AUTHENTICATION_METHOD)),
        Optional.ofNullable(Props.bytesOf(props, MqttProperties.AUTHENTICATION_DATA)),
        Props.userPropertiesOf(props), address, certSubject))
      : provider.auth(new Mqtt3AuthData(version, clientId, username, password, address, certSubject));
    return Future.fromCompletionStage(call, ctx.vertx().getOrCreateContext()).timeout(AUTH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private void admit(AuthResult.Ok ok, String clientId, boolean assigned, MqttProperties props) {
    TenantSettings settings = new TenantSettings(ctx.plugins().settingProvider(), ok.tenantId());
    Setting versionSwitch = version == 5 ? Setting.MQTT5Enabled : version == 4 ? Setting.MQTT4Enabled : Setting.MQTT3Enabled;
    if (!settings.isOn(versionSwitch)) {
      refuse(ConnectRefusal.UNSUPPORTED_PROTOCOL, "protocol version disabled for the tenant");
      return;
    }
    if (!ctx.plugins().resourceThrottler().hasResource(ok.tenantId(), TenantResourceType.TotalConnections)) {
      refuse(ConnectRefusal.QUOTA_EXCEEDED, "tenant connection quota exceeded");
      return;
    }
    TopicLimits limits = new TopicLimits(settings.intValue(Setting.MaxTopicLevels),
      settings.intValue(Setting.MaxTopicLength), settings.intValue(Setting.MaxTopicLevelLength));
    Map<String, String> meta = new HashMap<>(ok.attributes());
    meta.put(ClientInfo.MQTT_CLIENT_ID, clientId);
    meta.put(ClientInfo.MQTT_USER_ID, ok.userId());
    meta.put(ClientInfo.MQTT_PROTOCOL_VERSION, Integer.toString(version));
    meta.put(ClientInfo.MQTT_ADDRESS, String.valueOf(endpoint.remoteAddress()));
    meta.put(ClientInfo.MQTT_SERVER_ID, ctx.serverId());
    meta.put(ClientInfo.MQTT_CHANNEL_ID, UUID.randomUUID().toString());
    meta.put(ClientInfo.MQTT_CONNECTED_AT, Long.toString(HLC.INST.get()));
    ClientInfo client = new ClientInfo(ok.tenantId(), ClientInfo.TYPE_MQTT, meta);

    WillSpec will;
    try {
      will = willOf(settings, limits);
    } catch (RefusedException e) {
      refuse(e.refusal, e.getMessage());
      return;
    }
    Optional<Redirection> redirect;
    try {
      redirect = ctx.plugins().clientBalancer().needRedirect(client);
    } catch (RuntimeException e) {
      // A failing balancer must not lock clients out: serve them here.
      redirect = Optional.empty();
    }
    if (redirect.isPresent()) {
      Redirection r = redirect.get();
      MqttProperties p = new MqttProperties();
      r.serverReference().ifPresent(ref -> Props.putString(p, MqttProperties.SERVER_REFERENCE, ref));
      reject(r.permanentMove() ? ConnectRefusal.SERVER_MOVED : ConnectRefusal.USE_ANOTHER_SERVER, p, client);
      return;
    }
    SessionSpec spec = specOf(client, settings, limits, props, will);
    ctx.sessionDict().register(client).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("registering {}/{} failed: {}", client.tenantId(), clientId, ar.cause().getMessage());
        if (!closed) {
          refuse(ConnectRefusal.SERVER_UNAVAILABLE, "session registry unavailable");
        }
        return;
      }
      if (closed) {
        ctx.sessionDict().unregister(client.tenantId(), clientId, client.meta(ClientInfo.MQTT_CHANNEL_ID));
        return;
      }
      MqttSession session = new MqttSession(ctx, endpoint, spec);
      if (spec.sessionExpirySeconds() > 0 || !endpoint.isCleanSession()) {
        attachInbox(session, spec, assigned, props);
      } else {
        discardInbox(spec).onComplete(v -> startOrGiveBack(session, spec, assigned, props));
      }
    });
  }

  /** A persistent session (or an MQTT 5 one resuming with clean start 0) takes its inbox before CONNACK. */
  private void attachInbox(MqttSession session, SessionSpec spec, boolean assigned, MqttProperties props) {
    ClientInfo client = spec.client();
    String clientId = client.meta(ClientInfo.MQTT_CLIENT_ID);
    WillSpec w = spec.will();
    InboxWill will = w == null ? null : new InboxWill(w.topic(), w.message(), w.delaySeconds(), client);
    TenantSettings settings = spec.settings();
    ctx.inbox().attach(new InboxStoreWire.Attach(client.tenantId(), clientId, session.channelId(), ctx.serverId(),
        endpoint.isCleanSession(), spec.sessionExpirySeconds(), settings.intValue(Setting.SessionInboxSize),
        settings.isOn(Setting.QoS0DropOldest), will, client, System.currentTimeMillis()))
      .onComplete(ar -> {
        if (ar.failed() && ar.cause() instanceof RpcException e && e.notDelivered()) {
          // No inbox role anywhere in this cluster: the session lives as long as its connection.
          LOG.warn("no inbox service: {}/{} gets a session without persistence", client.tenantId(), clientId);
          startOrGiveBack(session, spec, assigned, props);
          return;
        }
        if (ar.failed()) {
          LOG.warn("attaching the inbox of {}/{} failed: {}", client.tenantId(), clientId, ar.cause().getMessage());
          ctx.sessionDict().unregister(client.tenantId(), clientId, session.channelId());
          if (!closed) {
            refuse(ConnectRefusal.SERVER_UNAVAILABLE, "inbox unavailable");
          }
          return;
        }
        InboxStoreWire.AttachResult attached = ar.result();
        removeInboxRoutes(client.tenantId(), clientId, attached.discardedFilters());
        if (closed) {
          // Gone before CONNACK: give the inbox back so it can expire, keeping the will for the store to publish.
          ctx.inbox().detach(client.tenantId(), clientId, session.channelId(), spec.sessionExpirySeconds(), true,
            attached.q1Sent());
          ctx.sessionDict().unregister(client.tenantId(), clientId, session.channelId());
          return;
        }
        accept(spec, attached.sessionPresent(), assigned, props);
        session.startPersistent(attached);
      });
  }

  /** Starts a session that keeps nothing, or gives its registration back when the client left meanwhile. */
  private void startOrGiveBack(MqttSession session, SessionSpec spec, boolean assigned, MqttProperties props) {
    if (closed) {
      ctx.sessionDict().unregister(spec.client().tenantId(), session.clientId(), session.channelId());
      return;
    }
    accept(spec, false, assigned, props);
    session.start();
  }

  /** Clean start without a session to keep discards what an earlier persistent session left (MQTT-3.1.2-4). */
  private Future<Void> discardInbox(SessionSpec spec) {
    String tenant = spec.client().tenantId();
    String clientId = spec.client().meta(ClientInfo.MQTT_CLIENT_ID);
    return ctx.inbox().discard(tenant, clientId)
      .onSuccess(filters -> removeInboxRoutes(tenant, clientId, filters))
      // No inbox service in this cluster, or it is unavailable: nothing persistent to discard that we could reach.
      .otherwise(e -> List.of())
      .mapEmpty();
  }

  private void removeInboxRoutes(String tenant, String clientId, List<String> filters) {
    for (String filter : filters) {
      ctx.dist().removeRoute(tenant, filter, Route.inboxReceiver(clientId))
        .onFailure(e -> LOG.debug("removing route {} of a discarded inbox failed", filter));
    }
  }

  private void accept(SessionSpec spec, boolean sessionPresent, boolean assigned, MqttProperties props) {
    if (version == 5) {
      endpoint.accept(sessionPresent, connackProperties(spec, assigned, props));
    } else {
      endpoint.setClientIdentifier(spec.client().meta(ClientInfo.MQTT_CLIENT_ID));
      endpoint.accept(sessionPresent);
    }
  }

  private SessionSpec specOf(ClientInfo client, TenantSettings settings, TopicLimits limits, MqttProperties props,
                             WillSpec will) {
    int receiveMaximum = (int) Math.min(Props.intOf(props, MqttProperties.RECEIVE_MAXIMUM, 65535), 65535);
    long maxPacket = Props.intOf(props, MqttProperties.MAXIMUM_PACKET_SIZE, Long.MAX_VALUE);
    int aliasMaximum = (int) Props.intOf(props, MqttProperties.TOPIC_ALIAS_MAXIMUM, 0);
    boolean problemInfo = Props.intOf(props, MqttProperties.REQUEST_PROBLEM_INFORMATION, 1) == 1;
    return new SessionSpec(client, settings, limits, version, endpoint.keepAliveTimeSeconds(), receiveMaximum,
      maxPacket, Math.min(aliasMaximum, 65535), version == 5 ? settings.intValue(Setting.MaxTopicAlias) : 0,
      problemInfo, sessionExpiry(settings, props), will,
      Props.stringOf(props, MqttProperties.AUTHENTICATION_METHOD));
  }

  /**
   * The requested session expiry clamped into the tenant's [min, max]; 0 (end with the connection) stays 0. MQTT 3
   * has no expiry: a persistent (clean session 0) session lasts the tenant's maximum.
   */
  private long sessionExpiry(TenantSettings settings, MqttProperties props) {
    if (version < 5) {
      return endpoint.isCleanSession() ? 0 : settings.intValue(Setting.MaxSessionExpirySeconds);
    }
    long requested = Props.intOf(props, MqttProperties.SESSION_EXPIRY_INTERVAL, 0);
    if (requested == 0) {
      return 0;
    }
    long atLeast = Math.max(requested, settings.intValue(Setting.MinSessionExpirySeconds));
    return Math.min(atLeast, settings.intValue(Setting.MaxSessionExpirySeconds));
  }

  private MqttProperties connackProperties(SessionSpec spec, boolean assigned, MqttProperties props) {
    TenantSettings settings = spec.settings();
    MqttProperties out = new MqttProperties();
    if (assigned) {
      Props.putString(out, MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, spec.client().meta(ClientInfo.MQTT_CLIENT_ID));
    }
    if (spec.sessionExpirySeconds() != Props.intOf(props, MqttProperties.SESSION_EXPIRY_INTERVAL, 0)) {
      Props.putInt(out, MqttProperties.SESSION_EXPIRY_INTERVAL, spec.sessionExpirySeconds());
    }
    Props.putInt(out, MqttProperties.RECEIVE_MAXIMUM, settings.intValue(Setting.ReceivingMaximum));
    Props.putInt(out, MqttProperties.TOPIC_ALIAS_MAXIMUM, spec.topicAliasLimit());
    Props.putInt(out, MqttProperties.MAXIMUM_PACKET_SIZE, ctx.maxPacketSize());
    if (!settings.isOn(Setting.RetainEnabled)) {
      Props.putInt(out, MqttProperties.RETAIN_AVAILABLE, 0);
    }
    if (settings.intValue(Setting.MaximumQoS) < 2) {
      Props.putInt(out, MqttProperties.MAXIMUM_QOS, settings.intValue(Setting.MaximumQoS));
    }
    if (!settings.isOn(Setting.WildcardSubscriptionEnabled)) {
      Props.putInt(out, MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 0);
    }
    if (!settings.isOn(Setting.SubscriptionIdentifierEnabled)) {
      Props.putInt(out, MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0);
    }
    if (!settings.isOn(Setting.SharedSubscriptionEnabled)) {
      Props.putInt(out, MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 0);
    }
    String method = spec.authMethod();
    if (method != null) {
      Props.putString(out, MqttProperties.AUTHENTICATION_METHOD, method);
    }
    return out;
  }

  private WillSpec willOf(TenantSettings settings, TopicLimits limits) throws RefusedException {
    MqttWill will = endpoint.will();
    if (will == null || !will.isWillFlag()) {
      return null;
    }
    try {
      TopicNames.validate(will.getWillTopic(), limits);
    } catch (TopicException e) {
      throw new RefusedException(ConnectRefusal.TOPIC_NAME_INVALID, "will topic: " + e.getMessage());
    }
    if (will.getWillQos() > settings.intValue(Setting.MaximumQoS)) {
      throw new RefusedException(ConnectRefusal.QOS_NOT_SUPPORTED, "will QoS not supported");
    }
    if (will.isWillRetain() && !settings.isOn(Setting.RetainEnabled)) {
      throw new RefusedException(ConnectRefusal.RETAIN_NOT_SUPPORTED, "retain not available");
    }
    byte[] payload = will.getWillMessageBytes() == null ? new byte[0] : will.getWillMessageBytes();
    if (payload.length > settings.intValue(Setting.MaxLastWillBytes)) {
      throw new RefusedException(ConnectRefusal.PACKET_TOO_LARGE, "will message too large");
    }
    MqttProperties wp = version == 5 ? will.getWillProperties() : null;
    long expiry = Props.intOf(wp, MqttProperties.PUBLICATION_EXPIRY_INTERVAL, Message.NO_EXPIRY);
    Message message = new Message(0, will.getWillQos(), Buffer.buffer(payload),
      System.currentTimeMillis(), expiry, will.isWillRetain(), Props.messagePropertiesOf(wp));
    return new WillSpec(will.getWillTopic(), message, Props.intOf(wp, MqttProperties.WILL_DELAY_INTERVAL, 0));
  }

  private Optional<String> peerSubject() {
    if (!endpoint.isSsl()) {
      return Optional.empty();
    }
    try {
      return Optional.of(endpoint.sslSession().getPeerPrincipal().getName());
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private void refuse(ConnectRefusal refusal, String reason) {
    MqttProperties p = new MqttProperties();
    if (version == 5 && reason != null) {
      Props.putString(p, MqttProperties.REASON_STRING, reason);
    }
    reject(refusal, p, null);
  }

  private void reject(ConnectRefusal refusal, MqttProperties props, ClientInfo client) {
    LOG.debug("CONNECT of {} refused: {}", endpoint.clientIdentifier(), refusal);
    ctx.metrics().refused();
    ctx.plugins().eventCollector().report(new Event(EventType.CONNECT_REJECTED, System.currentTimeMillis(), client,
      Map.of("reason", refusal.name())));
    if (closed) {
      return;
    }
    if (version == 5) {
      endpoint.reject(refusal.code(5), props);
    } else {
      endpoint.reject(refusal.code(version));
    }
  }

  /** A CONNECT check that failed. */
  private static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ConnectRefusal refusal;

    RefusedException(ConnectRefusal refusal, String message) {
      super(message);
      this.refusal = refusal;
    }
  }
}
