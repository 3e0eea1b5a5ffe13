package io.heimdall.inbox.store;

/**
 * A persistent subscription of an inbox.
 *
 * @param filter            the raw filter as subscribed
 * @param qos               the granted QoS
 * @param noLocal           MQTT 5 no-local
 * @param retainAsPublished MQTT 5 retain-as-published
 * @param subscriptionId    MQTT 5 subscription identifier, 0 when none
 */
public record InboxSubscription(String filter, int qos, boolean noLocal, boolean retainAsPublished,
                                int subscriptionId) {
}
