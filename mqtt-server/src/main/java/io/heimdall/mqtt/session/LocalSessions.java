package io.heimdall.mqtt.session;

import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sessions connected to this verticle, and the wills waiting out their delay. Use from one context. */
public final class LocalSessions {
  private final Vertx vertx;
  private final Map<String, MqttSession> byChannel = new HashMap<>();
  private final Map<String, Long> delayedWills = new HashMap<>();

  /** An empty registry. */
  public LocalSessions(Vertx vertx) {
    this.vertx = vertx;
  }

  void add(MqttSession session) {
    byChannel.put(session.channelId(), session);
    // A new connection of the session within the will delay cancels the will (MQTT-3.1.3-9).
    Long timer = delayedWills.remove(sessionKey(session));
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  void remove(MqttSession session) {
    byChannel.remove(session.channelId(), session);
  }

  /** The session on a channel, if it is still connected here. */
  public Optional<MqttSession> byChannel(String channelId) {
    return Optional.ofNullable(byChannel.get(channelId));
  }

  /** The sessions of a client connected here (more than one only during a take-over). */
  public List<MqttSession> byClient(String tenantId, String clientId) {
    return byChannel.values().stream()
      .filter(s -> s.client().tenantId().equals(tenantId) && s.clientId().equals(clientId)).toList();
  }

  /** The connected sessions. */
  public List<MqttSession> all() {
    return List.copyOf(byChannel.values());
  }

  void delayWill(MqttSession session, long delayMillis, Runnable publish) {
    String key = sessionKey(session);
    long timer = vertx.setTimer(delayMillis, id -> {
      delayedWills.remove(key);
      publish.run();
    });
    Long previous = delayedWills.put(key, timer);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  /** Cancels every delayed will (the server stops; wills of a stopping node are not sent). */
  public void cancelDelayedWills() {
    delayedWills.values().forEach(vertx::cancelTimer);
    delayedWills.clear();
  }

  private static String sessionKey(MqttSession session) {
    return session.client().tenantId() + '\u0000' + session.clientId();
  }
}
