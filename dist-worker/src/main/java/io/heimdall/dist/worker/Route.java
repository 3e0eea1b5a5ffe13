package io.heimdall.dist.worker;

/**
 * A route: messages of the tenant whose topic matches the filter go to the receiver node.
 *
 * @param tenantId         the tenant
 * @param rawFilter        the filter as subscribed ({@code $share/...} and {@code $oshare/...} keep their prefix)
 * @param receiverServerId the mqtt-server node that fans the message out to its local subscribers, or for a
 *                         persistent subscription the inbox that keeps the messages ({@link #inboxReceiver})
 */
public record Route(String tenantId, String rawFilter, String receiverServerId) {
  /**
   * Receivers starting with this are inboxes served by inbox.server, not nodes; U+0001 sorts before any printable
   * server id, so a filter's inbox routes stay contiguous in the key layout and apart from its node routes.
   */
  public static final String INBOX_RECEIVER_PREFIX = "\u0001inbox:";

  /** Refuses parts that would break the key layout. */
  public Route {
    for (String part : new String[] {tenantId, rawFilter, receiverServerId}) {
      if (part == null || part.isEmpty() || part.indexOf('\u0000') >= 0) {
        throw new IllegalArgumentException("route parts must be non-empty and free of U+0000: " + part);
      }
    }
  }

  /** The receiver naming an inbox. */
  public static String inboxReceiver(String inboxId) {
    return INBOX_RECEIVER_PREFIX + inboxId;
  }

  /** True when the receiver is an inbox of a persistent session. */
  public boolean isInbox() {
    return receiverServerId.startsWith(INBOX_RECEIVER_PREFIX);
  }

  /** The inbox id of an inbox receiver. */
  public String inboxId() {
    return receiverServerId.substring(INBOX_RECEIVER_PREFIX.length());
  }
}
