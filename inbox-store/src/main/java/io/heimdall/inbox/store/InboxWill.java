package io.heimdall.inbox.store;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;

/**
 * The will of a persistent session, published by the store leader once the session stays away for its delay.
 *
 * @param topic        the will topic
 * @param message      the will message
 * @param delaySeconds the MQTT 5 will delay interval
 * @param publisher    the session that left it
 */
public record InboxWill(String topic, Message message, long delaySeconds, ClientInfo publisher) {
}
