package io.heimdall.mqtt.session;

import io.heimdall.common.message.Message;

/**
 * The will of a connection, ready to publish.
 *
 * @param topic        the will topic
 * @param message      the will message
 * @param delaySeconds MQTT 5 will delay interval, 0 for MQTT 3
 */
public record WillSpec(String topic, Message message, long delaySeconds) {
}
