package io.heimdall.mqtt.session;

import io.heimdall.common.message.Message;

import java.util.List;

/**
 * A message on its way to one client.
 *
 * @param topic           the topic name
 * @param message         the message
 * @param qos             QoS of this delivery (already downgraded to the subscription)
 * @param retain          the retain flag to send
 * @param subscriptionIds MQTT 5 identifiers of the matching subscriptions
 * @param inboxSeq        its sequence number in the QoS 1/2 queue of a persistent session's inbox, -1 when none
 * @param dup             whether it was sent before (a redelivery to a resumed session)
 */
record Outbound(String topic, Message message, int qos, boolean retain, List<Integer> subscriptionIds, long inboxSeq,
                boolean dup) {
  /** A delivery that is not from an inbox. */
  Outbound(String topic, Message message, int qos, boolean retain, List<Integer> subscriptionIds) {
    this(topic, message, qos, retain, subscriptionIds, -1, false);
  }
}
