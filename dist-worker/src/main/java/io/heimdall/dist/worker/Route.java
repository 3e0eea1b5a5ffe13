package io.heimdall.dist.worker;

/**
 * A route: messages of the tenant whose topic matches the filter go to the receiver node.
 *
 * @param tenantId         the tenant
 * @param rawFilter        the filter as subscribed ({@code $share/...} and {@code $oshare/...} keep their prefix)
 * @param receiverServerId the mqtt-server node that fans the message out to its local subscribers
 */
public record Route(String tenantId, String rawFilter, String receiverServerId) {
  /** Refuses parts that would break the key layout. */
  public Route {
    for (String part : new String[] {tenantId, rawFilter, receiverServerId}) {
      if (part == null || part.isEmpty() || part.indexOf('\u0000') >= 0) {
        throw new IllegalArgumentException("route parts must be non-empty and free of U+0000: " + part);
      }
    }
  }
}
