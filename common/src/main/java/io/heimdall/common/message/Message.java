package io.heimdall.common.message;

import io.vertx.core.buffer.Buffer;

/**
 * A published message as services pass it around.
 *
 * @param messageId     id unique per publisher channel, used to keep order and spot duplicates
 * @param qos           the QoS it was published with
 * @param payload       the payload
 * @param timestamp     publish time in epoch milliseconds, for expiry
 * @param expirySeconds message expiry interval; {@link #NO_EXPIRY} when none was set
 * @param retain        whether it was published with the retain flag
 * @param properties    properties forwarded to receivers
 */
public record Message(long messageId, int qos, Buffer payload, long timestamp, long expirySeconds, boolean retain,
                      MessageProperties properties) {
  /** Expiry interval of messages that never expire. */
  public static final long NO_EXPIRY = Long.MAX_VALUE;

  /** Validates the QoS and fills absent parts with empty ones. */
  public Message {
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
    }
    payload = payload == null ? Buffer.buffer() : payload;
    properties = properties == null ? MessageProperties.NONE : properties;
  }

  /** True once the expiry interval has passed at {@code nowMillis}. */
  public boolean isExpired(long nowMillis) {
    return expirySeconds != NO_EXPIRY && nowMillis - timestamp >= expirySeconds * 1000L;
  }

  /** The expiry interval left at {@code nowMillis}, in whole seconds rounded up; NO_EXPIRY when none. */
  public long remainingExpirySeconds(long nowMillis) {
    if (expirySeconds == NO_EXPIRY) {
      return NO_EXPIRY;
    }
    long leftMillis = timestamp + expirySeconds * 1000L - nowMillis;
    return Math.max(0, (leftMillis + 999) / 1000);
  }
}
