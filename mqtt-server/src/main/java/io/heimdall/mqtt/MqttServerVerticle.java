package io.heimdall.mqtt;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mqtt.MqttServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** The mqttserver role: runs the configured MQTT listeners and serves the sessions of connected clients. */
public class MqttServerVerticle extends AbstractVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(MqttServerVerticle.class);
  private final List<MqttServer> servers = new ArrayList<>();

  /** Creates the verticle; all settings come from {@link #config()}. */
  public MqttServerVerticle() {
  }

  @Override
  public void start(Promise<Void> startPromise) {
    List<Future<MqttServer>> listening = new ArrayList<>();
    for (ListenerOptions.NamedListener listener : ListenerOptions.enabled(config(), 256 * 1024)) {
      MqttServer server = MqttServer.create(vertx, listener.options());
      server.endpointHandler(endpoint -> endpoint.accept(false));
      servers.add(server);
      listening.add(server.listen().onSuccess(s ->
        LOG.info("MQTT {} listening on {}:{}", listener.name(), listener.options().getHost(), s.actualPort())));
    }
    Future.all(listening).<Void>mapEmpty().onComplete(startPromise);
  }

  /** The bound port of the first listener (useful when a port of 0 was configured). */
  public int actualPort() {
    return servers.get(0).actualPort();
  }
}
