package io.heimdall.common.message;

import io.vertx.core.buffer.Buffer;

/**
 * Asks an mqtt-server to close one session because a newer one with the same tenant and client id
 * connected (or an operator asked).
 *
 * @param tenantId  the session's tenant
 * @param clientId  the session's client id
 * @param channelId the connection to close; a newer connection of the same client is left alone
 * @param byServerReference where the kicker connected, or null (operator kick)
 */
public record KickRequest(String tenantId, String clientId, String channelId, String byServerReference) {
  /** Encodes with the version and operation header. */
  public Buffer encode() {
    return new BufferWriter().writeByte(BrokerAddress.VERSION).writeByte(BrokerAddress.OP_KICK)
      .writeString(tenantId).writeString(clientId).writeString(channelId).writeString(byServerReference).buffer();
  }

  /** Decodes the body after the two header bytes. */
  public static KickRequest decodeBody(BufferReader in) {
    return new KickRequest(in.readString(), in.readString(), in.readString(), in.readString());
  }
}
