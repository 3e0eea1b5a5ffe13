package io.heimdall.mqtt.subs;

import java.util.Comparator;
import io.heimdall.common.topic.TopicLimits;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.topic.TopicFilter;
import io.heimdall.common.topic.TopicTrie;
import io.heimdall.dist.client.DistClient;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscriptions of the sessions on this node: one topic trie per tenant for local fan-out,
 * plus the aggregated dist routes. Use from one Vert.x context.
 */
public final class LocalSubscriptions {
  private final Map<String, TopicTrie<LocalSubscription>> tries = new HashMap<>();
  private final RouteRegistry routes;
  private final Map<String, Integer> roundRobin = new HashMap<>();

  /** Subscriptions of the node {@code serverId}, routed through {@code dist}. */
  public LocalSubscriptions(DistClient dist, String serverId) {
    this.routes = new RouteRegistry(dist, serverId);
  }

  /**
   * Adds or replaces a subscription; completes when its route exists. A failed route leaves
   * nothing behind.
   */
  public Future<Void> add(LocalSubscription sub) {
    String tenant = sub.owner().client().tenantId();
    TopicTrie<LocalSubscription> trie = tries.computeIfAbsent(tenant, t -> new TopicTrie<>());
    boolean replaced = trie.remove(sub.filter().filter(), sub);
    trie.add(sub.filter().filter(), sub);
    if (replaced) {
      return Future.succeededFuture();
    }
    return routes.acquire(tenant, sub.filter().raw()).recover(e -> {
      remove(sub);
      return Future.failedFuture(e);
    });
  }

  /** Removes a subscription; completes when the route is gone if it was the last local one. */
  public Future<Void> remove(LocalSubscription sub) {
    String tenant = sub.owner().client().tenantId();
    TopicTrie<LocalSubscription> trie = tries.get(tenant);
    if (trie == null || !trie.remove(sub.filter().filter(), sub)) {
      return Future.succeededFuture();
    }
    if (trie.size() == 0) {
      tries.remove(tenant);
    }
    return routes.release(tenant, sub.filter().raw());
  }

  /**
   * The local receivers of a message: every matching non-shared subscription, plus one member of
   * each shared group in {@code sharedFilters} (the groups dist chose this node for).
   */
  public List<LocalSubscription> receivers(String tenantId, String topic, ClientInfo publisher,
                                           List<String> sharedFilters) {
    TopicTrie<LocalSubscription> trie = tries.get(tenantId);
    if (trie == null) {
      return List.of();
    }
    List<LocalSubscription> out = new ArrayList<>();
    for (LocalSubscription sub : trie.match(topic)) {
      if (!sub.filter().isShared()) {
        out.add(sub);
      }
    }
    for (String raw : sharedFilters) {
      LocalSubscription chosen = pickMember(trie, raw, publisher);
      if (chosen != null) {
        out.add(chosen);
      }
    }
    return out;
  }

  private LocalSubscription pickMember(TopicTrie<LocalSubscription> trie, String raw, ClientInfo publisher) {
    TopicFilter group = TopicFilter.parse(raw, TopicLimits.UNLIMITED);
    Set<LocalSubscription> candidates = trie.valuesOf(group.filter());
    List<LocalSubscription> members = new ArrayList<>();
    for (LocalSubscription s : candidates) {
      if (s.filter().raw().equals(raw)) {
        members.add(s);
      }
    }
    if (members.isEmpty()) {
      return null;
    }
    // Stable member order so that $oshare sends one publisher's messages to one member.
    members.sort(Comparator.comparing(s -> s.owner().client().meta(ClientInfo.MQTT_CHANNEL_ID)));
    int index;
    if (group.share() == TopicFilter.ShareKind.ORDERED) {
      index = Math.floorMod((publisher.tenantId() + "/" + publisher.meta(ClientInfo.MQTT_CLIENT_ID)).hashCode(),
        members.size());
    } else {
      index = Math.floorMod(roundRobin.merge(raw, 1, Integer::sum), members.size());
    }
    return members.get(index);
  }
}
