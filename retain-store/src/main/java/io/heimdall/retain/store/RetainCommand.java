package io.heimdall.retain.store;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;

/**
 * Sets or clears the retained message of a topic.
 *
 * @param tenantId   the tenant
 * @param topic      the topic
 * @param message    the message; an empty payload clears the topic
 * @param publisher  who published it
 * @param topicLimit how many retained topics the tenant may hold in this range (the caller subtracts what it holds
 *                   in the tenant's other ranges)
 * @param nowMillis  the time the caller issued the command, so every replica judges expiry alike
 */
record RetainCommand(String tenantId, String topic, Message message, ClientInfo publisher, int topicLimit,
                     long nowMillis) {
}
