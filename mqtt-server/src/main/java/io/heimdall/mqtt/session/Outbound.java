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
 */
record Outbound(String topic, Message message, int qos, boolean retain, List<Integer> subscriptionIds) {
}
