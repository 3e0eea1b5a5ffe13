package io.heimdall.mqtt.session;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.topic.TopicLimits;
import io.heimdall.plugin.settings.TenantSettings;

/**
 * What CONNECT settled for a session.
 *
 * @param client               the authenticated client with its metadata
 * @param settings             the tenant's settings
 * @param limits               topic limits from the settings
 * @param protocolVersion      3, 4 or 5
 * @param keepAliveSeconds     the keep alive in force, 0 for none
 * @param receiveMaximum       how many QoS 1/2 deliveries the client accepts in flight
 * @param maxPacketSize        largest packet the client accepts
 * @param topicAliasMaximum    aliases the client accepts from us
 * @param topicAliasLimit      aliases we accept from the client
 * @param problemInformation   whether reason strings may be sent
 * @param sessionExpirySeconds the session expiry interval in force
 * @param will                 the will, or null
 * @param authMethod           the MQTT 5 authentication method, or null
 */
public record SessionSpec(ClientInfo client, TenantSettings settings, TopicLimits limits, int protocolVersion,
                          int keepAliveSeconds, int receiveMaximum, long maxPacketSize, int topicAliasMaximum,
                          int topicAliasLimit, boolean problemInformation, long sessionExpirySeconds, WillSpec will,
                          String authMethod) {
}
