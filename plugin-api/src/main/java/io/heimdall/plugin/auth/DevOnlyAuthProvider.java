package io.heimdall.plugin.auth;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The development auth provider used when none is configured: accepts everyone; a user name of
 * the form {@code tenant/user} names the tenant, any other client belongs to {@link #DEFAULT_TENANT}.
 */
public final class DevOnlyAuthProvider implements AuthProvider {
  /** Tenant of clients whose user name names none. */
  public static final String DEFAULT_TENANT = "DevOnly";

  @Override
  public CompletableFuture<AuthResult> auth(Mqtt3AuthData authData) {
    String username = authData.username().orElse("");
    int slash = username.indexOf('/');
    AuthResult result = slash > 0
      ? new AuthResult.Ok(username.substring(0, slash), username.substring(slash + 1), Map.of())
      : new AuthResult.Ok(DEFAULT_TENANT, username, Map.of());
    return CompletableFuture.completedFuture(result);
  }
}
