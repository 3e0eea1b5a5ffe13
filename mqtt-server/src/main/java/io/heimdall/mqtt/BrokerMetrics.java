package io.heimdall.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import java.util.List;

import java.util.concurrent.atomic.AtomicInteger;

/** The MQTT server's own meters: connections, refused CONNECTs, and messages in and out. */
public final class BrokerMetrics {
  private final AtomicInteger connections = new AtomicInteger();
  private final Counter refused;
  private final Counter received;
  private final Counter delivered;
  private final Counter dropped;

  /** Registers the meters of server {@code serverId}. */
  public BrokerMetrics(MeterRegistry registry, String serverId) {
    registry.gauge("mqtt.connections", List.of(Tag.of("server", serverId)), connections);
    refused = Counter.builder("mqtt.connect.refused").tag("server", serverId).register(registry);
    received = Counter.builder("mqtt.publish.received").tag("server", serverId).register(registry);
    delivered = Counter.builder("mqtt.publish.delivered").tag("server", serverId).register(registry);
    dropped = Counter.builder("mqtt.publish.dropped").tag("server", serverId).register(registry);
  }

  /** A session started. */
  public void connected() {
    connections.incrementAndGet();
  }

  /** A session ended. */
  public void disconnected() {
    connections.decrementAndGet();
  }

  /** A CONNECT was refused. */
  public void refused() {
    refused.increment();
  }

  /** A PUBLISH came in from a client. */
  public void received() {
    received.increment();
  }

  /** A PUBLISH went out to a client. */
  public void delivered() {
    delivered.increment();
  }

  /** A message for a client was dropped (queue full, too large, too slow). */
  public void dropped() {
    dropped.increment();
  }
}
