package io.heimdall.standalone.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks a parsed {@code standalone.yml} against {@link NodeConfigSchema}: a pure function of its input. */
public final class ConfigValidator {
  private static final List<String> TLS_LISTENERS = List.of("tlsListener", "wssListener");
  private static final List<String> MQTT_LISTENERS = List.of("tcpListener", "wsListener", "tlsListener", "wssListener");

  private ConfigValidator() {
  }

  /** The outcome: the complete config with defaults filled in, and every problem found (empty when valid). */
  public record Result(JsonObject config, List<String> errors) {
    public Result {
      errors = List.copyOf(errors);
    }

    /** True when the node may start with {@link #config()}. */
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  /** Validates the YAML document {@code raw} (null for an empty file). */
  public static Result validate(Object raw) {
    List<String> errors = new ArrayList<>();
    JsonObject config = (JsonObject) NodeConfigSchema.ROOT.resolve("", raw, errors);
    if (errors.isEmpty()) {
      checkTlsMaterial(config, errors);
      checkDistinctPorts(config, errors);
    }
    return new Result(config, errors);
  }

  private static void checkTlsMaterial(JsonObject config, List<String> errors) {
    JsonObject server = config.getJsonObject("mqttServiceConfig").getJsonObject("server");
    for (String name : TLS_LISTENERS) {
      JsonObject listener = server.getJsonObject(name);
      if (server.getBoolean("enable") && listener.getBoolean("enable")) {
        JsonObject ssl = listener.getJsonObject("sslConfig");
        for (String file : List.of("certFile", "keyFile")) {
          if (ssl.getString(file) == null) {
            errors.add("mqttServiceConfig.server." + name + ".sslConfig." + file + ": required when the listener is enabled");
          }
        }
      }
    }
  }

  private static void checkDistinctPorts(JsonObject config, List<String> errors) {
    Map<Integer, List<Endpoint>> byPort = new HashMap<>();
    JsonObject cluster = config.getJsonObject("clusterConfig");
    add(byPort, "clusterConfig.port", cluster.getString("host"), cluster.getInteger("port"));
    JsonObject rpc = config.getJsonObject("rpcConfig");
    add(byPort, "rpcConfig.port", rpc.getString("host", cluster.getString("host")), rpc.getInteger("port"));
    JsonObject api = config.getJsonObject("apiServerConfig");
    if (api.getBoolean("enable")) {
      add(byPort, "apiServerConfig.port", api.getString("host"), api.getInteger("port"));
    }
    JsonObject server = config.getJsonObject("mqttServiceConfig").getJsonObject("server");
    if (server.getBoolean("enable")) {
      for (String name : MQTT_LISTENERS) {
        JsonObject listener = server.getJsonObject(name);
        if (listener.getBoolean("enable")) {
          add(byPort, "mqttServiceConfig.server." + name + ".port", listener.getString("host"), listener.getInteger("port"));
        }
      }
    }
    for (List<Endpoint> sharing : byPort.values()) {
      for (int i = 1; i < sharing.size(); i++) {
        for (int j = 0; j < i; j++) {
          if (sharing.get(i).overlaps(sharing.get(j))) {
            errors.add(sharing.get(i).path() + ": port " + sharing.get(i).port() + " is already taken by "
              + sharing.get(j).path());
            break;
          }
        }
      }
    }
  }

  private static void add(Map<Integer, List<Endpoint>> byPort, String path, String host, Integer port) {
    if (port != null) {
      byPort.computeIfAbsent(port, p -> new ArrayList<>()).add(new Endpoint(path, host, port));
    }
  }

  private record Endpoint(String path, String host, int port) {
    boolean overlaps(Endpoint other) {
      return host.equals(other.host) || wildcard(host) || wildcard(other.host);
    }

    private static boolean wildcard(String host) {
      return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
  }
}
