package io.heimdall.common.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where this process joins the underlay cluster and where its event bus listens.
 *
 * @param env               Hazelcast cluster name; members of another env never join
 * @param host              interface the Hazelcast member binds to (and nothing else)
 * @param port              Hazelcast member port
 * @param clusterDomainName DNS name whose addresses are seeds on {@code port}; null for none
 * @param seedEndpoints     {@code host:port} of members to join; empty to start alone
 * @param rpcHost           event-bus host
 * @param rpcPort           event-bus port; null picks a free one
 */
public record UnderlayConfig(String env, String host, int port, String clusterDomainName,
                             List<String> seedEndpoints, String rpcHost, Integer rpcPort) {
  /** Cluster name used when none is configured. */
  public static final String DEFAULT_ENV = "heimdall";
  /** Loopback: a default node never talks to another machine. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Hazelcast's usual member port. */
  public static final int DEFAULT_PORT = 5701;

  public UnderlayConfig {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(rpcHost, "rpcHost");
    seedEndpoints = List.copyOf(seedEndpoints);
  }

  /**
   * Reads the {@code clusterConfig} and {@code rpcConfig} sections (either may be empty); unset keys
   * take the defaults, and the event bus binds to the cluster host unless told otherwise.
   */
  public static UnderlayConfig from(JsonObject clusterConfig, JsonObject rpcConfig) {
    String host = clusterConfig.getString("host", DEFAULT_HOST);
    return new UnderlayConfig(
      clusterConfig.getString("env", DEFAULT_ENV),
      host,
      clusterConfig.getInteger("port", DEFAULT_PORT),
      clusterConfig.getString("clusterDomainName"),
      seeds(clusterConfig.getValue("seedEndpoints")),
      rpcConfig.getString("host", host),
      rpcConfig.getInteger("port"));
  }

  private static List<String> seeds(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(v -> out.add(String.valueOf(v).trim()));
    } else if (value instanceof String text) {
      // BifroMQ writes seeds as one comma-separated string.
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }
}
