package io.heimdall.sessiondict;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.KickRequest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session dict server joins after sessions were registered: the sessions it now owns are
 * handed over, so a later connection of such a session still kicks the earlier one.
 */
class SessionDictHandOverTest {
  private final TestMembers members = new TestMembers();

  @AfterEach
  void stop() throws Exception {
    members.close();
  }

  @Test
  void sessionsMovedToAJoiningServerAreStillKickedByNewerConnections() throws Exception {
    String env = "sessiondict-handover-" + UUID.randomUUID();
    int portA = TestMembers.freePort();
    Vertx nodeA = members.member(env, portA, null);
    nodeA.deployVerticle(new SessionDictServerVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("id", "sd-a")))
      .await(30, TimeUnit.SECONDS);
    List<KickRequest> kicks = new CopyOnWriteArrayList<>();
    TestMembers.recordKicks(nodeA, "node-a", kicks);
    SessionDictClient clientA = new SessionDictClient(nodeA);
    int n = 20;
    for (int i = 0; i < n; i++) {
      clientA.register(owner("c" + i, "node-a", "old-" + i, 100 + i)).await(30, TimeUnit.SECONDS);
    }

    Vertx nodeB = members.member(env, TestMembers.freePort(), "127.0.0.1:" + portA);
    nodeB.deployVerticle(new SessionDictServerVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("id", "sd-b")))
      .await(30, TimeUnit.SECONDS);
    Set<String> movedIds = new HashSet<>();
    for (int i = 0; i < n; i++) {
      if (ShardRouter.owner(new SessionKey("t", "c" + i), List.of("sd-a", "sd-b")).equals("sd-b")) {
        movedIds.add("c" + i);
      }
    }
    assertThat(movedIds).isNotEmpty();
    TestMembers.awaitTrue(() -> SessionDictMembership.servers(nodeB).await(5, TimeUnit.SECONDS).size() == 2);

    // Newer connections of every session, registered from node B (routed to the new owners).
    SessionDictClient clientB = new SessionDictClient(nodeB);
    for (int i = 0; i < n; i++) {
      clientB.register(owner("c" + i, "node-a", "new-" + i, 1_000 + i)).await(30, TimeUnit.SECONDS);
    }
    // Every old connection is kicked exactly once, whether the hand-over came before or after the new one.
    TestMembers.awaitTrue(() -> kicks.size() >= n);
    assertThat(kicks).extracting(KickRequest::channelId).doesNotHaveDuplicates()
      .allSatisfy(ch -> assertThat(ch).startsWith("old-"));
    assertThat(kicks.stream().map(KickRequest::clientId).collect(Collectors.toSet())).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(clientA.get("t", "c" + i).await(30, TimeUnit.SECONDS))
        .hasValueSatisfying(o -> assertThat(o.meta(ClientInfo.MQTT_CHANNEL_ID)).startsWith("new-"));
    }
  }

  private static ClientInfo owner(String clientId, String serverId, String channelId, long connectedAt) {
    return new ClientInfo("t", ClientInfo.TYPE_MQTT, Map.of(ClientInfo.MQTT_CLIENT_ID, clientId,
      ClientInfo.MQTT_SERVER_ID, serverId, ClientInfo.MQTT_CHANNEL_ID, channelId,
      ClientInfo.MQTT_CONNECTED_AT, Long.toString(connectedAt)));
  }
}
