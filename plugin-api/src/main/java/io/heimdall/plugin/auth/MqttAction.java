package io.heimdall.plugin.auth;

/**
 * An action an authenticated client asks permission for.
 *
 * @param type  what it wants to do
 * @param topic the topic (PUB) or topic filter (SUB, UNSUB)
 * @param qos   the requested QoS, 0 for UNSUB
 */
public record MqttAction(Type type, String topic, int qos) {
  /** Kinds of checked actions. */
  public enum Type {
    /** Publish to a topic. */
    PUB,
    /** Subscribe to a filter. */
    SUB,
    /** Unsubscribe from a filter. */
    UNSUB
  }
}
