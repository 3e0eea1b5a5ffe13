package io.heimdall.mqtt.session;

import io.vertx.core.Vertx;

/**
 * The broker's own keep-alive timer: a client silent for 1.5 times the keep alive is expired.
 * One timer per connection, re-armed lazily on expiry instead of on every packet.
 */
final class KeepAlive {
  /**
   * vertx-mqtt closes silently at ceil(1.5 x keep alive) measured from the socket read; firing a
   * little earlier lets the MQTT 5 DISCONNECT 0x8D go out before that close.
   */
  private static final long MARGIN_MILLIS = 150;

  private final Vertx vertx;
  private final long timeoutMillis;
  private final Runnable onExpiry;
  private long lastActivityNanos = System.nanoTime();
  private long timerId = -1;
  private boolean stopped;

  KeepAlive(Vertx vertx, int keepAliveSeconds, Runnable onExpiry) {
    this.vertx = vertx;
    this.timeoutMillis = Math.max(1, keepAliveSeconds * 1500L - MARGIN_MILLIS);
    this.onExpiry = onExpiry;
  }

  void start() {
    arm(timeoutMillis);
  }

  void touch() {
    lastActivityNanos = System.nanoTime();
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
  }

  private void arm(long delayMillis) {
    timerId = vertx.setTimer(Math.max(1, delayMillis), id -> {
      if (stopped) {
        return;
      }
      long idleMillis = (System.nanoTime() - lastActivityNanos) / 1_000_000;
      if (idleMillis >= timeoutMillis) {
        onExpiry.run();
      } else {
        arm(timeoutMillis - idleMillis);
      }
    });
  }
}
