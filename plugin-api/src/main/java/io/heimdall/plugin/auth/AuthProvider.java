package io.heimdall.plugin.auth;

import io.heimdall.common.message.ClientInfo;

import java.util.concurrent.CompletableFuture;

/**
 * Authenticates MQTT clients and names their tenant; implementations must not block the calling
 * thread: answer with a future completed elsewhere when the check takes I/O.
 */
public interface AuthProvider {
  /** Authenticates an MQTT 3.1 / 3.1.1 CONNECT. */
  CompletableFuture<AuthResult> auth(Mqtt3AuthData authData);

  /**
   * Authenticates an MQTT 5 CONNECT. With an authentication method the provider may answer
   * {@link AuthResult.Continue} to start enhanced authentication. By default MQTT 5 clients are
   * checked like MQTT 3 ones and enhanced authentication is refused.
   */
  default CompletableFuture<AuthResult> auth(Mqtt5AuthData authData) {
    if (authData.authMethod().isPresent()) {
      return CompletableFuture.completedFuture(new AuthResult.Reject(AuthResult.Reject.Code.BAD_AUTH_METHOD,
        "authentication method not supported: " + authData.authMethod().get()));
    }
    return auth(new Mqtt3AuthData(5, authData.clientId(), authData.username(), authData.password(),
      authData.remoteAddress(), authData.tlsPeerCertificateSubject()));
  }

  /** One further step of MQTT 5 enhanced authentication (an AUTH packet from the client). */
  default CompletableFuture<AuthResult> extendedAuth(Mqtt5ExtendedAuthData authData) {
    return CompletableFuture.completedFuture(new AuthResult.Reject(AuthResult.Reject.Code.BAD_AUTH_METHOD,
      "enhanced authentication not supported"));
  }

  /** Whether the client may perform the action; everything is allowed by default. */
  default CompletableFuture<Boolean> checkPermission(ClientInfo client, MqttAction action) {
    return CompletableFuture.completedFuture(true);
  }

  /** Releases resources when the broker stops. */
  default void close() {
  }
}
