package io.heimdall.common.message;

import java.util.Map;

/**
 * Who a client is, as plugins and services see it: the tenant named by authentication, the kind
 * of client and free-form metadata (see the {@code MQTT_*} keys for MQTT clients).
 */
public record ClientInfo(String tenantId, String type, Map<String, String> metadata) {
  /** Client type of MQTT connections. */
  public static final String TYPE_MQTT = "mqtt";
  /** Metadata key: the MQTT client identifier. */
  public static final String MQTT_CLIENT_ID = "clientId";
  /** Metadata key: the user id authentication named. */
  public static final String MQTT_USER_ID = "userId";
  /** Metadata key: protocol level as text: "3" (3.1), "4" (3.1.1) or "5". */
  public static final String MQTT_PROTOCOL_VERSION = "ver";
  /** Metadata key: remote address host:port. */
  public static final String MQTT_ADDRESS = "address";
  /** Metadata key: id of the mqtt-server the client is connected to. */
  public static final String MQTT_SERVER_ID = "serverId";
  /** Metadata key: id of the channel, unique per connection. */
  public static final String MQTT_CHANNEL_ID = "channelId";
  /** Metadata key: hybrid logical clock at CONNECT, which orders connections of one session across nodes. */
  public static final String MQTT_CONNECTED_AT = "connectedAt";

  /** Copies the metadata so the record stays immutable. */
  public ClientInfo {
    if (tenantId == null || tenantId.isEmpty()) {
      throw new IllegalArgumentException("tenantId must not be empty");
    }
    type = type == null ? "" : type;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A metadata value or null. */
  public String meta(String key) {
    return metadata.get(key);
  }
}
