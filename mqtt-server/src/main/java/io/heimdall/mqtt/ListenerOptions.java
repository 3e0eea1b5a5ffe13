package io.heimdall.mqtt;

import java.util.Locale;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttServerOptions;

import java.util.ArrayList;
import java.util.List;

/** Turns the {@code mqttServiceConfig.server} listener sections into vertx-mqtt server options. */
public final class ListenerOptions {
  private ListenerOptions() {
  }

  /** Builds options for every enabled listener; TLS listeners without a certificate are skipped. */
  public static List<NamedListener> enabled(JsonObject serverConfig, int maxPacketSize) {
    List<NamedListener> out = new ArrayList<>();
    add(out, "tcpListener", serverConfig.getJsonObject("tcpListener"), 1883, false, false, maxPacketSize, true);
    add(out, "wsListener", serverConfig.getJsonObject("wsListener"), 8080, true, false, maxPacketSize, false);
    add(out, "tlsListener", serverConfig.getJsonObject("tlsListener"), 1884, false, true, maxPacketSize, false);
    add(out, "wssListener", serverConfig.getJsonObject("wssListener"), 8443, true, true, maxPacketSize, false);
    return out;
  }

  private static void add(List<NamedListener> out, String name, JsonObject section, int defaultPort,
                          boolean webSocket, boolean tls, int maxPacketSize, boolean enabledByDefault) {
    JsonObject cfg = section == null ? new JsonObject() : section;
    if (!cfg.getBoolean("enable", enabledByDefault)) {
      return;
    }
    MqttServerOptions options = new MqttServerOptions()
      .setHost(cfg.getString("host", "127.0.0.1"))
      .setPort(cfg.getInteger("port", defaultPort))
      .setMaxMessageSize(maxPacketSize)
      // The broker assigns client identifiers itself so it can report them in CONNACK (MQTT 5).
      .setAutoClientId(false)
      .setMaxClientIdLength(65535)
      .setTimeoutOnConnect(30)
      .setUseWebSocket(webSocket);
    options.setTcpNoDelay(true);
    if (tls) {
      JsonObject ssl = cfg.getJsonObject("sslConfig", new JsonObject());
      String cert = ssl.getString("certFile");
      String key = ssl.getString("keyFile");
      if (cert == null || key == null) {
        throw new IllegalArgumentException("mqttServiceConfig.server." + name
          + ".sslConfig needs certFile and keyFile when the listener is enabled");
      }
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
      String trust = ssl.getString("trustCertsFile");
      if (trust != null && !trust.isBlank()) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(trust));
      }
      options.setClientAuth(clientAuth(name, ssl.getString("clientAuth", "NONE")));
    }
    out.add(new NamedListener(name, options, webSocket ? cfg.getString("wsPath", "/mqtt") : null));
  }

  private static ClientAuth clientAuth(String listener, String value) {
    return switch (value.toUpperCase(Locale.ROOT)) {
      case "NONE" -> ClientAuth.NONE;
      case "OPTIONAL", "REQUEST" -> ClientAuth.REQUEST;
      case "REQUIRE", "REQUIRED" -> ClientAuth.REQUIRED;
      default -> throw new IllegalArgumentException("mqttServiceConfig.server." + listener
        + ".sslConfig.clientAuth must be NONE, OPTIONAL or REQUIRE: " + value);
    };
  }

  /** One listener to start: its config key, its vertx-mqtt options and, for WebSocket, its path. */
  public record NamedListener(String name, MqttServerOptions options, String wsPath) {
  }
}
