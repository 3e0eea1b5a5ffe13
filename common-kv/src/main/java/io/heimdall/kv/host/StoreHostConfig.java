package io.heimdall.kv.host;

import io.heimdall.kv.balance.config.BalancerConfig;
import io.heimdall.kv.balance.config.ConfiguredBalancer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link StoreHost} needs from a store role's config section: the store name, its data directory and the
 * balancers it runs.
 *
 * @param storeName          the KV cluster's name, e.g. {@code retain.store}
 * @param dataDir            where the store keeps its id, Raft log and RocksDB
 * @param balancers          the configured balancers besides the always-on ones
 * @param electionTimeoutMin lower bound of the Raft election timeout of the store's ranges
 */
public record StoreHostConfig(String storeName, Path dataDir, List<ConfiguredBalancer> balancers,
                              Duration electionTimeoutMin) {
  /** Raft's default election timeout is too tight for a busy small machine. */
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(1500);

  /** Copies the balancer list. */
  public StoreHostConfig {
    balancers = List.copyOf(balancers);
  }

  /**
   * Reads {@code dataDir} (default {@code data/<storeName>}) and {@code balanceConfig.balancers} of a store
   * section; an absent or empty balancers section means the reference defaults of the store name, as in the
   * shipped standalone.yml.
   *
   * @param sectionPath where the section sits in the node configuration, e.g. {@code retainServiceConfig.store},
   *                    so that a bad balancer rule is reported with its full key path
   * @throws IllegalArgumentException naming the key path of every bad balancer entry
   */
  public static StoreHostConfig from(String storeName, String sectionPath, JsonObject section) {
    Path dataDir = Path.of(section.getString("dataDir", "data/" + storeName));
    JsonObject balancers = section.getJsonObject("balanceConfig", new JsonObject()).getJsonObject("balancers");
    List<ConfiguredBalancer> configured = BalancerConfig.parse(storeName, sectionPath + ".balanceConfig.balancers",
      balancers == null || balancers.isEmpty() ? null : balancers);
    return new StoreHostConfig(storeName, dataDir, configured, DEFAULT_ELECTION_TIMEOUT_MIN);
  }
}
