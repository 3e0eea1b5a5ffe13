package io.heimdall.mqtt.subs;

import io.heimdall.common.topic.TopicFilter;

import java.util.Objects;

/**
 * One subscription of a session on this node. Identity is (owner, raw filter): subscribing again
 * to the same filter replaces the options.
 *
 * @param owner             the subscribing session
 * @param filter            the parsed filter
 * @param qos               the granted QoS
 * @param noLocal           MQTT 5 no-local: skip messages the owner published itself
 * @param retainAsPublished MQTT 5 retain-as-published
 * @param subscriptionId    MQTT 5 subscription identifier, 0 when none
 */
public record LocalSubscription(SubscriptionOwner owner, TopicFilter filter, int qos, boolean noLocal,
                                boolean retainAsPublished, int subscriptionId) {
  @Override
  public boolean equals(Object o) {
    return o instanceof LocalSubscription other && other.owner == owner && other.filter.raw().equals(filter.raw());
  }

  @Override
  public int hashCode() {
    return Objects.hash(System.identityHashCode(owner), filter.raw());
  }
}
