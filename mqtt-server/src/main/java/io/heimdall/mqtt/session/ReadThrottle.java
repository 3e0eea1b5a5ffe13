package io.heimdall.mqtt.session;

import io.netty.channel.Channel;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;

/**
 * Stops reading from a client's socket while too many of its publishes wait for dist, so a fast
 * publisher is slowed down by TCP instead of filling the broker's memory or losing QoS 0 messages.
 * The socket comes from {@link EndpointSocket}; without it nothing is throttled.
 */
final class ReadThrottle {
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
    NetSocketInternal socket = EndpointSocket.of(endpoint);
    return socket == null ? null : socket.channelHandlerContext().channel();
  }
}
