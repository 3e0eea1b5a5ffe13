package io.heimdall.standalone;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** The overlay roles a node can host: where each one's config lives and which verticle runs it. */
public enum Role {
  DIST_WORKER("distworker", "io.heimdall.dist.worker.DistWorkerVerticle", "dist.worker", 0, "distServiceConfig", "worker"),
  INBOX_STORE("inboxstore", "io.heimdall.inbox.store.InboxStoreVerticle", "inbox.store", 0, "inboxServiceConfig", "store"),
  RETAIN_STORE("retainstore", "io.heimdall.retain.store.RetainStoreVerticle", "retain.store", 0, "retainServiceConfig", "store"),
  DIST_SERVER("distserver", "io.heimdall.dist.server.DistServerVerticle", null, 1, "distServiceConfig", "server"),
  INBOX_SERVER("inboxserver", "io.heimdall.inbox.server.InboxServerVerticle", null, 1, "inboxServiceConfig", "server"),
  RETAIN_SERVER("retainserver", "io.heimdall.retain.server.RetainServerVerticle", null, 1, "retainServiceConfig", "server"),
  SESSION_DICT_SERVER("sessiondictserver", "io.heimdall.sessiondict.SessionDictServerVerticle", null, 1,
    "sessionDictServiceConfig", "server"),
  MQTT_SERVER("mqttserver", "io.heimdall.mqtt.MqttServerVerticle", null, 2, "mqttServiceConfig", "server"),
  API_SERVER("apiserver", "io.heimdall.api.ApiServerVerticle", null, 2, "apiServerConfig");

  /** Plugin keys of the top level that the MQTT server needs to load its plugins. */
  private static final List<String> PLUGIN_KEYS =
    List.of("authProviderFQN", "clientBalancerFQN", "settingProviderFQN", "eventCollectorFQN", "resourceThrottlerFQN");

  private final String displayName;
  private final String verticle;
  private final String storeName;
  private final int tier;
  private final String[] sectionPath;

  Role(String displayName, String verticle, String storeName, int tier, String... sectionPath) {
    this.displayName = displayName;
    this.verticle = verticle;
    this.storeName = storeName;
    this.tier = tier;
    this.sectionPath = sectionPath;
  }

  /** Name as DESIGN.md and the logs spell it. */
  public String displayName() {
    return displayName;
  }

  /** Fully qualified class of the verticle, deployed by name so the node needs no compile-time tie to it. */
  public String verticle() {
    return verticle;
  }

  /** Deployment wave: stores first, then the services that use them, then the edges that face users. */
  public int tier() {
    return tier;
  }

  /** Whether the validated node config switches this role on. */
  public boolean enabled(JsonObject nodeConfig) {
    return section(nodeConfig).getBoolean("enable", true);
  }

  /**
   * The verticle's config(): its section, plus for a store the absolute data directory (default
   * {@code <data dir>/<store name>}, relative paths under the data dir) and for the MQTT server the
   * plugin class names and the plugin directory.
   */
  public JsonObject verticleConfig(JsonObject nodeConfig, NodeDirs dirs) {
    JsonObject config = section(nodeConfig).copy();
    if (storeName != null) {
      String dataDir = config.getString("dataDir");
      config.put("dataDir", dirs.data().resolve(dataDir == null ? storeName : dataDir).normalize().toString());
    }
    if (this == MQTT_SERVER) {
      PLUGIN_KEYS.stream().filter(nodeConfig::containsKey).forEach(k -> config.put(k, nodeConfig.getString(k)));
      config.put("pluginDir", dirs.plugins().toString());
    }
    return config;
  }

  private JsonObject section(JsonObject nodeConfig) {
    JsonObject section = nodeConfig;
    for (String key : sectionPath) {
      section = section.getJsonObject(key, new JsonObject());
    }
    return section;
  }
}
