package io.heimdall.plugin.auth;

import java.util.Map;

/** The outcome of one authentication step. */
public sealed interface AuthResult {
  /**
   * Authenticated: the tenant and user the session belongs to.
   *
   * @param tenantId   the tenant, which scopes every topic, session and setting of the client
   * @param userId     the user id
   * @param attributes extra attributes added to the client's metadata
   */
  record Ok(String tenantId, String userId, Map<String, String> attributes) implements AuthResult {
    /** Validates the tenant and copies the attributes. */
    public Ok {
      if (tenantId == null || tenantId.isEmpty()) {
        throw new IllegalArgumentException("an authenticated client needs a tenant");
      }
      userId = userId == null ? "" : userId;
      attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
  }

  /**
   * Refused.
   *
   * @param code   why
   * @param reason a human-readable reason (sent as MQTT 5 reason string when the client asks for problem information)
   */
  record Reject(Code code, String reason) implements AuthResult {
    /** Why a client was refused. */
    public enum Code {
      /** Bad user name or password (3.1.1: 0x04, 5: 0x86). */
      BAD_PASS,
      /** Not authorized (3.1.1: 0x05, 5: 0x87). */
      NOT_AUTHORIZED,
      /** Unsupported authentication method (5: 0x8C). */
      BAD_AUTH_METHOD,
      /** The provider failed (3.1.1: 0x03, 5: 0x88). */
      ERROR
    }
  }

  /**
   * MQTT 5 enhanced authentication continues: send AUTH with reason 0x18 and this data.
   *
   * @param authData the data for the client
   * @param reason   optional reason string
   */
  record Continue(byte[] authData, String reason) implements AuthResult {
  }
}
