package io.heimdall.sessiondict;

import io.heimdall.common.message.ClientInfo;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The online sessions of one shard, in memory; used from one event loop only. */
final class SessionRegistry {
  private final Map<SessionKey, ClientInfo> owners = new HashMap<>();

  /** Records the newest connection of a session; answers the connection it replaced, if another one. */
  Optional<ClientInfo> register(ClientInfo owner) {
    SessionKey key = keyOf(owner);
    ClientInfo previous = owners.put(key, owner);
    if (previous == null || channel(previous).equals(channel(owner))) {
      return Optional.empty();
    }
    return Optional.of(previous);
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

  private static String channel(ClientInfo owner) {
    return owner.meta(ClientInfo.MQTT_CHANNEL_ID);
  }
}
