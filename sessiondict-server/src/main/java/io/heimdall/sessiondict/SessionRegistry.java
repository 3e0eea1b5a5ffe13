package io.heimdall.sessiondict;

import io.heimdall.common.message.ClientInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The online sessions of one shard, in memory; used from one event loop only. */
final class SessionRegistry {
  private final Map<SessionKey, ClientInfo> owners = new HashMap<>();

  /**
   * Records a connection of a session; of two connections the one that connected later (by HLC)
   * stays registered. Answers the other one, which must be kicked, if any.
   */
  Optional<ClientInfo> register(ClientInfo owner) {
    SessionKey key = keyOf(owner);
    ClientInfo current = owners.get(key);
    if (current != null && channel(current).equals(channel(owner))) {
      return Optional.empty();
    }
    if (current != null && connectedAt(current) > connectedAt(owner)) {
      // A registration handed over from another shard can be older than the one already here.
      return Optional.of(owner);
    }
    owners.put(key, owner);
    return Optional.ofNullable(current);
  }

  /** Every registered connection, for handing entries over when the shard owner changes. */
  List<ClientInfo> entries() {
    return new ArrayList<>(owners.values());
  }

  /** Forgets an entry handed over to another shard, unless a newer connection replaced it meanwhile. */
  void handedOver(ClientInfo owner) {
    owners.remove(keyOf(owner), owner);
  }

  /** Forgets a session if {@code channelId} is still its connection, so a late unregister cannot drop a newer one. */
  boolean unregister(SessionKey key, String channelId) {
    ClientInfo current = owners.get(key);
    if (current == null || !channel(current).equals(channelId)) {
      return false;
    }
    owners.remove(key);
    return true;
  }

  Optional<ClientInfo> get(SessionKey key) {
    return Optional.ofNullable(owners.get(key));
  }

  static SessionKey keyOf(ClientInfo owner) {
    String clientId = owner.meta(ClientInfo.MQTT_CLIENT_ID);
    if (clientId == null || owner.meta(ClientInfo.MQTT_SERVER_ID) == null || owner.meta(ClientInfo.MQTT_CHANNEL_ID) == null) {
      throw new IllegalArgumentException("a session owner needs clientId, serverId and channelId metadata");
    }
    return new SessionKey(owner.tenantId(), clientId);
  }

  private static long connectedAt(ClientInfo owner) {
    String at = owner.meta(ClientInfo.MQTT_CONNECTED_AT);
    try {
      return at == null ? 0 : Long.parseLong(at);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String channel(ClientInfo owner) {
    return owner.meta(ClientInfo.MQTT_CHANNEL_ID);
  }
}
