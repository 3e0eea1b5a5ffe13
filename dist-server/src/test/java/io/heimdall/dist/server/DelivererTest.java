package io.heimdall.dist.server;

import io.heimdall.common.message.BrokerAddress;
import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.DeliverRequest;
import io.heimdall.common.message.Message;
import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.common.rpc.RpcServer;
import io.heimdall.dist.client.DistWire;
import io.heimdall.dist.client.InboxDeliverRequest;
import io.heimdall.dist.client.PubResult;
import io.heimdall.dist.worker.Route;
import io.heimdall.dist.worker.RouteMatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries to broker nodes listening on the real event bus: one request per node, shared groups, dead nodes. */
class DelivererTest {
  private Vertx vertx;
  private final Map<String, List<DeliverRequest>> received = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    for (String node : List.of("n1", "n2", "n3")) {
      List<DeliverRequest> sink = new CopyOnWriteArrayList<>();
      received.put(node, sink);
      RpcServer.serve(vertx, BrokerAddress.of(node), body -> {
        BufferReader in = new BufferReader(body);
        in.readByte();
        in.readByte();
        sink.add(DeliverRequest.decodeBody(in));
        return Future.succeededFuture(Buffer.buffer());
      }).await(10, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void oneRequestPerNodeAndOneNodePerSharedGroup() throws Exception {
    List<DistWire.PubItem> items = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      items.add(item("p" + (i % 5), "a/b"));
    }
    items.add(item("p0", "nobody/listens"));
    Map<String, RouteMatch> matches = new HashMap<>();
    matches.put("a/b", new RouteMatch("a/b", List.of(
      new Route("t", "a/+", "n1"), new Route("t", "#", "n1"), new Route("t", "a/b", "n2"),
      new Route("t", "$share/g/a/b", "n1"), new Route("t", "$share/g/a/b", "n3"),
      new Route("t", "$oshare/o/a/b", "n2"), new Route("t", "$oshare/o/a/b", "n3"))));

    Deliverer.Outcome outcome = new Deliverer(new RpcClient(vertx)).deliver("t", items, matches)
      .await(30, TimeUnit.SECONDS);

    assertThat(outcome.results()).hasSize(101);
    assertThat(outcome.results().subList(0, 100)).containsOnly(PubResult.OK);
    assertThat(outcome.results().get(100)).isEqualTo(PubResult.NO_MATCH);
    assertThat(outcome.deadRoutes()).isEmpty();
    // The whole batch travels in one request per node.
    assertThat(received.get("n1")).hasSize(1);
    assertThat(received.get("n2")).hasSize(1);
    assertThat(received.get("n1").get(0).packs()).hasSize(100);
    assertThat(received.get("n2").get(0).packs()).hasSize(100);

    int sharedG = 0;
    Map<String, String> osharedNodeByPublisher = new HashMap<>();
    for (String node : List.of("n1", "n2", "n3")) {
      for (DeliverRequest r : received.get(node)) {
        for (DeliverRequest.Pack p : r.packs()) {
          sharedG += p.sharedFilters().contains("$share/g/a/b") ? 1 : 0;
          if (p.sharedFilters().contains("$oshare/o/a/b")) {
            String publisher = p.publisher().meta(ClientInfo.MQTT_CLIENT_ID);
            String previous = osharedNodeByPublisher.put(publisher, node);
            assertThat(previous == null || previous.equals(node)).as("ordered share keeps a publisher on one node").isTrue();
          }
        }
      }
    }
    // Each message reaches exactly one member node of each shared group.
    assertThat(sharedG).isEqualTo(100);
    assertThat(osharedNodeByPublisher).hasSize(5);
  }

  @Test
  void routesOfAnUnreachableNodeAreReportedDead() throws Exception {
    Map<String, RouteMatch> matches = Map.of("x", new RouteMatch("x", List.of(
      new Route("t", "x", "n1"), new Route("t", "#", "gone"))));
    Deliverer.Outcome outcome = new Deliverer(new RpcClient(vertx)).deliver("t", List.of(item("p", "x")), matches)
      .await(30, TimeUnit.SECONDS);
    assertThat(outcome.results()).containsExactly(PubResult.OK);
    assertThat(outcome.deadRoutes()).containsExactly(new Route("t", "#", "gone"));
    assertThat(received.get("n1")).hasSize(1);
  }

  @Test
  void inboxRoutesGoToTheInboxServiceInOneRequestAndVanishedInboxesAreReportedDead() throws Exception {
    List<InboxDeliverRequest> inboxRequests = new CopyOnWriteArrayList<>();
    RpcServer.serve(vertx, InboxDeliverRequest.ADDRESS, body -> {
      BufferReader in = new BufferReader(body);
      in.readByte();
      in.readByte();
      InboxDeliverRequest request = InboxDeliverRequest.decodeBody(in);
      inboxRequests.add(request);
      // Inbox "gone" no longer exists.
      return Future.succeededFuture(InboxDeliverRequest.reply(request.items().stream()
        .map(i -> !i.inboxId().equals("gone")).toList()));
    }).await(10, TimeUnit.SECONDS);
    Map<String, RouteMatch> matches = Map.of("a/b", new RouteMatch("a/b", List.of(
      new Route("t", "a/+", Route.inboxReceiver("i1")), new Route("t", "#", Route.inboxReceiver("i1")),
      new Route("t", "a/b", Route.inboxReceiver("gone")), new Route("t", "a/b", "n1"),
      new Route("t", "$share/g/a/b", Route.inboxReceiver("i2")), new Route("t", "$share/g/a/b", "n3"))));
    List<DistWire.PubItem> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(item("p", "a/b"));
    }

    Deliverer.Outcome outcome = new Deliverer(new RpcClient(vertx)).deliver("t", items, matches)
      .await(30, TimeUnit.SECONDS);

    assertThat(outcome.results()).containsOnly(PubResult.OK);
    assertThat(outcome.deadRoutes()).containsExactly(new Route("t", "a/b", Route.inboxReceiver("gone")));
    assertThat(inboxRequests).hasSize(1);
    List<InboxDeliverRequest.Item> delivered = inboxRequests.get(0).items();
    // One item per (message, inbox), carrying every filter of the inbox the topic matched.
    assertThat(delivered.stream().filter(i -> i.inboxId().equals("i1")))
      .hasSize(20).allSatisfy(i -> assertThat(i.filters()).containsExactly("a/+", "#"));
    assertThat(delivered.stream().filter(i -> i.inboxId().equals("gone"))).hasSize(20);
    // The shared group gets each message once, at the inbox or at node n3.
    long atInbox = delivered.stream().filter(i -> i.inboxId().equals("i2")).count();
    long atNode = received.get("n3").stream().mapToLong(r -> r.packs().size()).sum();
    assertThat(atInbox + atNode).isEqualTo(20);
    assertThat(received.get("n1").get(0).packs()).hasSize(20);
  }

  @Test
  void messagesTheInboxServiceCouldNotTakeAreReportedAsErrors() throws Exception {
    RpcServer.serve(vertx, InboxDeliverRequest.ADDRESS,
      body -> Future.failedFuture(new RpcException(ReplyCode.TRY_LATER, "store unavailable")))
      .await(10, TimeUnit.SECONDS);
    Map<String, RouteMatch> matches = Map.of(
      "a", new RouteMatch("a", List.of(new Route("t", "a", Route.inboxReceiver("i1")), new Route("t", "#", "n1"))),
      "b", new RouteMatch("b", List.of(new Route("t", "#", "n1"))));
    Deliverer.Outcome outcome = new Deliverer(new RpcClient(vertx))
      .deliver("t", List.of(item("p", "a"), item("p", "b")), matches).await(30, TimeUnit.SECONDS);
    assertThat(outcome.results()).containsExactly(PubResult.ERROR, PubResult.OK);
    // The inboxes may well exist: their routes are kept.
    assertThat(outcome.deadRoutes()).isEmpty();
  }

  private static DistWire.PubItem item(String publisher, String topic) {
    ClientInfo client = new ClientInfo("t", ClientInfo.TYPE_MQTT, Map.of(ClientInfo.MQTT_CLIENT_ID, publisher));
    return new DistWire.PubItem(client, topic, new Message(1, 1, Buffer.buffer("m"), 0, Message.NO_EXPIRY, false, null));
  }
}
