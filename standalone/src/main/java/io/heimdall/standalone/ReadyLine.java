package io.heimdall.standalone;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The one line a node logs when it is ready: its listeners, roles and the time it took. */
final class ReadyLine {
  /** Marker the start script waits for. */
  static final String PREFIX = "Heimdall node ready";

  private ReadyLine() {
  }

  static String format(JsonObject config, List<Role> roles, String rpcEndpoint, int members, long startMillis) {
    List<String> parts = new ArrayList<>();
    JsonObject mqtt = config.getJsonObject("mqttServiceConfig").getJsonObject("server");
    if (roles.contains(Role.MQTT_SERVER)) {
      List<String> listeners = new ArrayList<>();
      listener(listeners, mqtt.getJsonObject("tcpListener"), "tcp", "mqtt");
      listener(listeners, mqtt.getJsonObject("tlsListener"), "tls", "mqtts");
      listener(listeners, mqtt.getJsonObject("wsListener"), "ws", "ws");
      listener(listeners, mqtt.getJsonObject("wssListener"), "wss", "wss");
      parts.add("mqtt " + (listeners.isEmpty() ? "(no listener)" : String.join(" ", listeners)));
    }
    if (roles.contains(Role.API_SERVER)) {
      JsonObject api = config.getJsonObject("apiServerConfig");
      parts.add("api http://" + api.getString("host") + ":" + api.getInteger("port"));
    }
    JsonObject cluster = config.getJsonObject("clusterConfig");
    parts.add("cluster " + cluster.getString("host") + ":" + cluster.getInteger("port")
      + " (env " + cluster.getString("env") + ", " + members + (members == 1 ? " member)" : " members)"));
    parts.add("rpc " + rpcEndpoint);
    parts.add("roles " + roles.stream().map(Role::displayName).toList());
    return PREFIX + " in " + startMillis + " ms: " + String.join(", ", parts);
  }

  private static void listener(List<String> out, JsonObject listener, String name, String scheme) {
    if (listener.getBoolean("enable")) {
      String path = listener.getString("wsPath", "");
      out.add(name + "=" + scheme + "://" + listener.getString("host") + ":" + listener.getInteger("port") + path);
    }
  }
}
