package io.heimdall.plugin.balancer;

import io.heimdall.common.message.ClientInfo;

import java.util.Optional;

/** The default balancer: serves every client where it connected. */
public final class NoRedirectClientBalancer implements ClientBalancer {
  @Override
  public Optional<Redirection> needRedirect(ClientInfo client) {
    return Optional.empty();
  }
}
