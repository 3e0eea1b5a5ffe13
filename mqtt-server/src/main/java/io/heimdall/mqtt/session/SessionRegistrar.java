package io.heimdall.mqtt.session;

import io.heimdall.sessiondict.SessionDictClient;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Registers this node's sessions again when a session dict server disappears: its share of the
 * registry was only in its memory, and without it a newer connection could not kick an older one.
 */
public final class SessionRegistrar {
  static final long CHECK_MILLIS = 3_000;
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistrar.class);

  private final Vertx vertx;
  private final SessionDictClient sessionDict;
  private final LocalSessions sessions;
  private volatile List<String> known = List.of();
  private long timer = -1;
  private boolean checking;

  /** Watches the session dict servers for the sessions of one verticle. */
  public SessionRegistrar(Vertx vertx, SessionDictClient sessionDict, LocalSessions sessions) {
    this.vertx = vertx;
    this.sessionDict = sessionDict;
    this.sessions = sessions;
  }

  /** Starts watching; call from the verticle's context. */
  public void start() {
    check();
    timer = vertx.setPeriodic(CHECK_MILLIS, id -> check());
  }

  /** The session dict servers seen by the last check. */
  public List<String> known() {
    return known;
  }

  /** Stops watching. */
  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void check() {
    if (checking) {
      return;
    }
    checking = true;
    sessionDict.servers().onComplete(ar -> {
      checking = false;
      if (ar.failed()) {
        LOG.debug("reading the session dict servers failed: {}", ar.cause().getMessage());
        return;
      }
      List<String> now = ar.result();
      LOG.debug("session dict servers {}", now);
      boolean lost = !now.containsAll(known);
      known = now;
      if (lost && !now.isEmpty()) {
        List<MqttSession> all = sessions.all();
        LOG.info("a session dict server left: registering {} sessions again", all.size());
        // Each registration carries its CONNECT clock, so an older one re-registered here still loses.
        all.forEach(s -> sessionDict.register(s.client()));
      }
    });
  }
}
