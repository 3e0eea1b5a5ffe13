package io.heimdall.mqtt;

import io.heimdall.inbox.client.InboxClient;
import io.heimdall.dist.client.DistClient;
import io.heimdall.mqtt.session.LocalSessions;
import io.heimdall.mqtt.subs.LocalSubscriptions;
import io.heimdall.plugin.loader.Plugins;
import io.heimdall.retain.client.RetainClient;
import io.heimdall.sessiondict.SessionDictClient;
import io.vertx.core.Vertx;

/**
 * What every connection of one mqtt-server verticle shares.
 *
 * @param vertx         the Vert.x instance
 * @param serverId      this node's id, the suffix of its {@code mqtt.broker.<serverId>} address
 * @param plugins       the metered plugins
 * @param sessionDict   the online-session registry
 * @param dist          the publish and route service
 * @param retain        the retained-message service
 * @param subscriptions local subscriptions and routes
 * @param sessions      local sessions
 * @param maxPacketSize the largest packet this server accepts, advertised to MQTT 5 clients
 * @param metrics       the server's meters
 * @param inbox         the inbox service of persistent sessions
 */
public record BrokerContext(Vertx vertx, String serverId, Plugins plugins, SessionDictClient sessionDict,
                            DistClient dist, RetainClient retain, LocalSubscriptions subscriptions, LocalSessions sessions,
                            int maxPacketSize, BrokerMetrics metrics,
                            InboxClient inbox) {
}
