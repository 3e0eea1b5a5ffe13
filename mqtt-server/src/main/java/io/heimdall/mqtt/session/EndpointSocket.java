package io.heimdall.mqtt.session;

import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * The socket under a vertx-mqtt endpoint, reached by reflection because vertx-mqtt does not expose it; callers
 * fall back to the endpoint's own API when it is null (vertx-mqtt internals changed).
 */
final class EndpointSocket {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointSocket.class);
  private static final Field CONN = connField();

  private EndpointSocket() {
  }

  /** The endpoint's socket, or null when it cannot be reached. */
  static NetSocketInternal of(MqttEndpoint endpoint) {
    if (CONN == null) {
      return null;
    }
    try {
      return (NetSocketInternal) CONN.get(endpoint);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return null;
    }
  }

  private static Field connField() {
    try {
      Field f = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("vertx-mqtt internals changed: no read throttling, MQTT 5 PUBREC/PUBCOMP without reason codes ({})",
        e.toString());
      return null;
    }
  }
}
