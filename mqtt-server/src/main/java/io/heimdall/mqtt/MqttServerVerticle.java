package io.heimdall.mqtt;

import io.heimdall.inbox.client.InboxClient;
import io.heimdall.common.message.BrokerAddress;
import io.heimdall.common.rpc.RpcServer;
import io.heimdall.common.settings.Setting;
import io.heimdall.dist.client.DistClient;
import io.heimdall.mqtt.broker.BrokerService;
import io.heimdall.mqtt.connect.ConnectHandler;
import io.heimdall.mqtt.session.LocalSessions;
import io.heimdall.mqtt.session.SessionRegistrar;
import io.heimdall.mqtt.subs.LocalSubscriptions;
import io.heimdall.plugin.loader.Plugins;
import io.heimdall.retain.client.RetainClient;
import io.heimdall.sessiondict.SessionDictClient;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.mqtt.MqttServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The mqttserver role: runs the configured MQTT listeners, serves the sessions of connected
 * clients and answers {@code mqtt.broker.<serverId>}. config() is the
 * {@code mqttServiceConfig.server} section, plus the plugin class names ({@code authProviderFQN},
 * ...), an optional {@code pluginDir}, {@code serverId} and {@code maxMsgByteSize}.
 */
public class MqttServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MqttServerVerticle.class);
  /** Default largest accepted packet: 256 KiB of payload plus headroom for topic and properties. */
  static final int DEFAULT_MAX_PACKET = 256 * 1024 + 64 * 1024;

  private final List<MqttServer> servers = new ArrayList<>();
  private BrokerContext context;
  private Plugins plugins;
  private MessageConsumer<Buffer> brokerConsumer;
  private SessionRegistrar registrar;

  /** Creates the verticle; all settings come from {@link #config()}. */
  public MqttServerVerticle() {
  }

  @Override
  public Future<?> start() {
    Setting.validateOverrides();
    String pluginDir = config().getString("pluginDir");
    String serverId = config().getString("serverId", UUID.randomUUID().toString());
    int maxPacket = config().getInteger("maxMsgByteSize", DEFAULT_MAX_PACKET);
    // Plugin classes may come from jars on disk: load them off the event loop.
    return vertx.executeBlocking(() -> Plugins.load(key -> config().getString(key),
        pluginDir == null ? null : Path.of(pluginDir), Metrics.globalRegistry))
      .compose(loaded -> {
        plugins = loaded;
        DistClient dist = new DistClient(vertx);
        context = new BrokerContext(vertx, serverId, plugins, new SessionDictClient(vertx), dist,
          new RetainClient(vertx), new LocalSubscriptions(dist, serverId), new LocalSessions(vertx), maxPacket,
          new BrokerMetrics(Metrics.globalRegistry, serverId), new InboxClient(vertx));
        registrar = new SessionRegistrar(vertx, context.sessionDict(), context.sessions());
        registrar.start();
        return RpcServer.serve(vertx, BrokerAddress.of(serverId), new BrokerService(context));
      })
      .compose(consumer -> {
        brokerConsumer = consumer;
        return listenAll(maxPacket);
      })
      .onSuccess(v -> LOG.info("mqttserver {} started", serverId));
  }

  private Future<Void> listenAll(int maxPacket) {
    List<Future<MqttServer>> listening = new ArrayList<>();
    for (ListenerOptions.NamedListener listener : ListenerOptions.enabled(config(), maxPacket)) {
      MqttServer server = MqttServer.create(vertx, listener.options());
      String wsPath = listener.wsPath();
      server.endpointHandler(endpoint -> {
        if (wsPath != null && !wsPath.equals(pathOf(endpoint.httpRequestURI()))) {
          // vertx-mqtt upgrades any path; only the configured one serves MQTT.
          endpoint.close();
          return;
        }
        ConnectHandler.handle(context, endpoint);
      });
      server.exceptionHandler(e -> LOG.debug("connection failed before CONNECT: {}", e.getMessage()));
      servers.add(server);
      listening.add(server.listen().onSuccess(s ->
        LOG.info("MQTT {} listening on {}:{}", listener.name(), listener.options().getHost(), s.actualPort())));
    }
    return Future.all(listening).mapEmpty();
  }

  private static String pathOf(String uri) {
    if (uri == null) {
      return null;
    }
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  @Override
  public Future<?> stop() {
    if (context == null) {
      return Future.succeededFuture();
    }
    context.sessions().cancelDelayedWills();
    registrar.stop();
    List<Future<?>> closing = new ArrayList<>();
    servers.forEach(s -> closing.add(s.close()));
    if (brokerConsumer != null) {
      closing.add(brokerConsumer.unregister());
    }
    return Future.join(closing).onComplete(ar -> plugins.close());
  }

  /** The bound port of the first listener (useful when a port of 0 was configured). */
  public int actualPort() {
    return servers.get(0).actualPort();
  }

  /** The bound ports of the listeners in config order: tcp, ws, tls, wss (enabled ones only). */
  public List<Integer> actualPorts() {
    return servers.stream().map(MqttServer::actualPort).toList();
  }

  SessionRegistrar registrar() {
    return registrar;
  }

  /** This node's id on the event bus. */
  public String serverId() {
    return context.serverId();
  }
}
