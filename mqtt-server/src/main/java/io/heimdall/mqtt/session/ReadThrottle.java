package io.heimdall.mqtt.session;

import io.netty.channel.Channel;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * Stops reading from a client's socket while too many of its publishes wait for dist, so a fast
 * publisher is slowed down by TCP instead of filling the broker's memory or losing QoS 0 messages.
 * vertx-mqtt does not expose its socket, so it is reached by reflection; without it nothing is throttled.
 */
final class ReadThrottle {
  private static final Logger LOG = LoggerFactory.getLogger(ReadThrottle.class);
  private static final Field CONN = connField();

  private final Channel channel;
  private final int high;
  private final int low;
  private int waiting;
  private boolean paused;

  ReadThrottle(MqttEndpoint endpoint, int high) {
    this.channel = channelOf(endpoint);
    this.high = high;
    this.low = high / 2;
  }

  /** A publish went to dist. */
  void started() {
    waiting++;
    if (!paused && waiting >= high && channel != null) {
      paused = true;
      channel.config().setAutoRead(false);
    }
  }

  /** Dist answered a publish. */
  void finished() {
    waiting--;
    if (paused && waiting <= low) {
      paused = false;
      channel.config().setAutoRead(true);
    }
  }

  private static Channel channelOf(MqttEndpoint endpoint) {
    if (CONN == null) {
      return null;
    }
    try {
      return ((NetSocketInternal) CONN.get(endpoint)).channelHandlerContext().channel();
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
      LOG.warn("vertx-mqtt internals changed: publishers are not throttled ({})", e.toString());
      return null;
    }
  }
}
