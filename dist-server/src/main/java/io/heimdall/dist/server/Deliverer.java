package io.heimdall.dist.server;

import io.heimdall.common.message.ClientInfo;
import java.util.Comparator;
import io.heimdall.common.message.BrokerAddress;
import io.heimdall.common.message.DeliverRequest;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.common.topic.TopicFilter;
import io.heimdall.common.topic.TopicLimits;
import io.heimdall.dist.client.DistWire;
import io.heimdall.dist.client.InboxDeliverRequest;
import io.heimdall.dist.client.PubResult;
import io.heimdall.dist.worker.Route;
import io.heimdall.dist.worker.RouteMatch;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns matched routes into deliveries: one request per receiving node carrying every message for
 * it, and one request to inbox.server carrying every message for persistent sessions' inboxes; each
 * shared group is resolved to one receiver. Routes of a node that no longer answers, and of inboxes
 * that no longer exist, are handed back for removal.
 */
final class Deliverer {
  static final long DELIVER_TIMEOUT_MILLIS = 10_000;

  private final RpcClient rpc;

  Deliverer(RpcClient rpc) {
    this.rpc = rpc;
  }

  /** Outcome of one batch: a result per item and the routes found dead. */
  record Outcome(List<PubResult> results, List<Route> deadRoutes) {
  }

  Future<Outcome> deliver(String tenantId, List<DistWire.PubItem> items, Map<String, RouteMatch> matchesByTopic) {
    Map<String, List<DeliverRequest.Pack>> packsByNode = new LinkedHashMap<>();
    Map<String, List<Route>> routesByNode = new HashMap<>();
    List<InboxDeliverRequest.Item> inboxItems = new ArrayList<>();
    List<Integer> inboxItemOwners = new ArrayList<>();
    List<PubResult> results = new ArrayList<>(items.size());
    for (DistWire.PubItem item : items) {
      RouteMatch match = matchesByTopic.get(item.topic());
      List<Route> routes = match == null ? List.of() : match.routes();
      Map<String, List<String>> sharedByNode = new LinkedHashMap<>();
      Map<String, List<String>> filtersByInbox = new LinkedHashMap<>();
      Map<String, List<Route>> groups = new LinkedHashMap<>();
      for (Route route : routes) {
        if (!route.isInbox()) {
          routesByNode.computeIfAbsent(route.receiverServerId(), n -> new ArrayList<>()).add(route);
        }
        if (route.rawFilter().startsWith(TopicFilter.SHARE_PREFIX)
          || route.rawFilter().startsWith(TopicFilter.ORDERED_SHARE_PREFIX)) {
          groups.computeIfAbsent(route.rawFilter(), f -> new ArrayList<>()).add(route);
        } else if (route.isInbox()) {
          filtersByInbox.computeIfAbsent(route.inboxId(), i -> new ArrayList<>()).add(route.rawFilter());
        } else {
          sharedByNode.computeIfAbsent(route.receiverServerId(), n -> new ArrayList<>());
        }
      }
      groups.forEach((raw, members) -> {
        Route chosen = pick(raw, members, item);
        if (chosen.isInbox()) {
          filtersByInbox.computeIfAbsent(chosen.inboxId(), i -> new ArrayList<>()).add(raw);
        } else {
          sharedByNode.computeIfAbsent(chosen.receiverServerId(), n -> new ArrayList<>()).add(raw);
        }
      });
      sharedByNode.forEach((node, shared) -> packsByNode.computeIfAbsent(node, n -> new ArrayList<>())
        .add(new DeliverRequest.Pack(tenantId, item.topic(), item.publisher(), item.message(), shared)));
      int owner = results.size();
      filtersByInbox.forEach((inbox, filters) -> {
        inboxItems.add(new InboxDeliverRequest.Item(tenantId, inbox, item.topic(), filters, item.publisher(),
          item.message()));
        inboxItemOwners.add(owner);
      });
      results.add(sharedByNode.isEmpty() && filtersByInbox.isEmpty() ? PubResult.NO_MATCH : PubResult.OK);
    }
    List<Future<List<Route>>> sends = new ArrayList<>();
    packsByNode.forEach((node, packs) -> sends.add(
      rpc.call(BrokerAddress.of(node), new DeliverRequest(packs).encode(), DELIVER_TIMEOUT_MILLIS)
        .map(ok -> List.<Route>of())
        .recover(e -> Future.succeededFuture(e instanceof RpcException re && re.notDelivered()
          // Nobody serves that node any more: its routes are stale.
          ? routesByNode.getOrDefault(node, List.of()) : List.of()))));
    if (!inboxItems.isEmpty()) {
      sends.add(deliverToInboxes(inboxItems).recover(e -> {
        // Not queued for the persistent sessions: the publisher must not hear that it was delivered.
        inboxItemOwners.forEach(i -> results.set(i, PubResult.ERROR));
        return Future.succeededFuture(List.of());
      }));
    }
    return Future.join(sends).map(ignored -> {
      List<Route> dead = new ArrayList<>();
      sends.forEach(f -> dead.addAll(f.result()));
      return new Outcome(results, dead);
    });
  }

  private Future<List<Route>> deliverToInboxes(List<InboxDeliverRequest.Item> inboxItems) {
    return rpc.call(InboxDeliverRequest.ADDRESS, new InboxDeliverRequest(inboxItems).encode(), DELIVER_TIMEOUT_MILLIS)
      .map(reply -> {
        List<Boolean> exists = InboxDeliverRequest.readReply(reply);
        Set<Route> dead = new LinkedHashSet<>();
        for (int i = 0; i < exists.size() && i < inboxItems.size(); i++) {
          InboxDeliverRequest.Item item = inboxItems.get(i);
          if (!exists.get(i)) {
            // The inbox expired or was discarded: its routes only waste deliveries.
            item.filters().forEach(f -> dead.add(new Route(item.tenantId(), f, Route.inboxReceiver(item.inboxId()))));
          }
        }
        // An unreachable inbox service fails the call and says nothing about the inboxes: their routes stay.
        return List.copyOf(dead);
      });
  }

  private static Route pick(String raw, List<Route> members, DistWire.PubItem item) {
    if (members.size() == 1) {
      return members.get(0);
    }
    List<Route> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.comparing(Route::receiverServerId));
    if (TopicFilter.parse(raw, TopicLimits.UNLIMITED).share() == TopicFilter.ShareKind.ORDERED) {
      // Ordered sharing: one publisher's messages always go to the same node.
      String publisher = item.publisher().tenantId() + "/" + item.publisher().meta(ClientInfo.MQTT_CLIENT_ID);
      return sorted.get(Math.floorMod(publisher.hashCode(), sorted.size()));
    }
    return sorted.get(ThreadLocalRandom.current().nextInt(sorted.size()));
  }
}
