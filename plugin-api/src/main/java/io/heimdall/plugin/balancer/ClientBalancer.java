package io.heimdall.plugin.balancer;

import io.heimdall.common.message.ClientInfo;

import java.util.Optional;

/** Decides whether a connecting client should be redirected to another server. */
public interface ClientBalancer {
  /** A redirection for the client, or empty to serve it here; called on the event loop, so it must be quick. */
  Optional<Redirection> needRedirect(ClientInfo client);

  /** Releases resources when the broker stops. */
  default void close() {
  }
}
