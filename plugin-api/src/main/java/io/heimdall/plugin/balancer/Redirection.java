package io.heimdall.plugin.balancer;

import java.util.Optional;

/**
 * Tells a client to connect elsewhere (MQTT 5: CONNACK or DISCONNECT 0x9C use another server /
 * 0x9D server moved, with the server reference property).
 *
 * @param permanentMove   true for "server moved", false for "use another server"
 * @param serverReference where to go, if known
 */
public record Redirection(boolean permanentMove, Optional<String> serverReference) {
  /** Normalises an absent reference. */
  public Redirection {
    serverReference = serverReference == null ? Optional.empty() : serverReference;
  }
}
