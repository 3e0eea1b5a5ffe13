package io.heimdall.retain.store;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;

/**
 * A retained message as it is stored and handed to subscribers.
 *
 * @param topic     the topic it was published to
 * @param message   the message, with its publish time and expiry interval
 * @param publisher who published it
 */
public record RetainedMessage(String topic, Message message, ClientInfo publisher) {
}
