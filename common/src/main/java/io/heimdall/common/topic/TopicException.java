package io.heimdall.common.topic;

/** Thrown when a topic name or topic filter breaks the MQTT rules or a tenant limit. */
public final class TopicException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the broken rule. */
  public TopicException(String message) {
    super(message);
  }
}
