package io.heimdall.mqtt.subs;

import io.heimdall.common.message.ClientInfo;

/** What the subscription index needs to know of the session that owns a subscription. */
public interface SubscriptionOwner {
  /** The owner's client, for tenant, client id (no-local) and hashing ($oshare). */
  ClientInfo client();
}
