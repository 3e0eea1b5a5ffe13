package io.heimdall.sessiondict;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.KickRequest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two real Hazelcast members, one session dict server each, and a broker address per member receiving kicks. */
class SessionDictClusterTest {
  private static final TestMembers MEMBERS = new TestMembers();
  private static final List<KickRequest> KICKS_A = new CopyOnWriteArrayList<>();
  private static final List<KickRequest> KICKS_B = new CopyOnWriteArrayList<>();
  private static Vertx nodeA;
  private static Vertx nodeB;

  @BeforeAll
  static void startCluster() throws Exception {
    String env = "sessiondict-test-" + UUID.randomUUID();
    int portA = TestMembers.freePort();
    nodeA = MEMBERS.member(env, portA, null);
    nodeB = MEMBERS.member(env, TestMembers.freePort(), "127.0.0.1:" + portA);
    nodeA.deployVerticle(new SessionDictServerVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("id", "sd-a")))
      .await(30, TimeUnit.SECONDS);
    nodeB.deployVerticle(new SessionDictServerVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("id", "sd-b")))
      .await(30, TimeUnit.SECONDS);
    TestMembers.recordKicks(nodeA, "node-a", KICKS_A);
    TestMembers.recordKicks(nodeB, "node-b", KICKS_B);
    TestMembers.awaitTrue(() -> SessionDictMembership.servers(nodeA).await(5, TimeUnit.SECONDS).size() == 2
      && SessionDictMembership.servers(nodeB).await(5, TimeUnit.SECONDS).size() == 2);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    MEMBERS.close();
  }

  @Test
  void newerSessionKicksTheOlderAcrossNodes() throws Exception {
    SessionDictClient clientA = new SessionDictClient(nodeA);
    SessionDictClient clientB = new SessionDictClient(nodeB);
    int n = 20;
    for (int i = 0; i < n; i++) {
      clientA.register(owner("t", "c" + i, "node-a", "a-" + i)).await(30, TimeUnit.SECONDS);
    }
    assertThat(KICKS_A).isEmpty();
    for (int i = 0; i < n; i++) {
      clientB.register(owner("t", "c" + i, "node-b", "b-" + i)).await(30, TimeUnit.SECONDS);
    }
    // register completes only after the kick was answered, so all kicks are in.
    assertThat(KICKS_A).hasSize(n);
    assertThat(KICKS_A).allSatisfy(k -> assertThat(k.channelId()).isEqualTo("a-" + k.clientId().substring(1)));
    assertThat(KICKS_A).allSatisfy(k -> assertThat(k.byServerReference()).isEqualTo("node-b"));
    assertThat(KICKS_B).isEmpty();

    Optional<ClientInfo> owner = clientA.get("t", "c3").await(30, TimeUnit.SECONDS);
    assertThat(owner).hasValueSatisfying(o -> assertThat(o.meta(ClientInfo.MQTT_CHANNEL_ID)).isEqualTo("b-3"));
    // The same client id in another tenant is another session.
    assertThat(clientA.get("other", "c3").await(30, TimeUnit.SECONDS)).isEmpty();

    // A late unregister of the replaced connection must not drop the newer one.
    assertThat(clientA.unregister("t", "c3", "a-3").await(30, TimeUnit.SECONDS)).isFalse();
    assertThat(clientB.get("t", "c3").await(30, TimeUnit.SECONDS)).isPresent();
    assertThat(clientB.unregister("t", "c3", "b-3").await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(clientA.get("t", "c3").await(30, TimeUnit.SECONDS)).isEmpty();

    assertThat(clientA.kick("t", "c4").await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(KICKS_B).extracting(KickRequest::channelId).containsExactly("b-4");
    assertThat(clientA.kick("t", "nobody").await(30, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void sessionsAreShardedOverBothServers() {
    List<String> servers = List.of("sd-a", "sd-b");
    Set<String> owners = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      owners.add(ShardRouter.owner(new SessionKey("t", "c" + i), servers));
    }
    assertThat(owners).containsExactlyInAnyOrder("sd-a", "sd-b");
    // Adding a server moves sessions only onto the new server, never between the old ones.
    int moved = 0;
    for (int i = 0; i < 100; i++) {
      SessionKey key = new SessionKey("t", "k" + i);
      String before = ShardRouter.owner(key, servers);
      String after = ShardRouter.owner(key, List.of("sd-a", "sd-b", "sd-c"));
      assertThat(after).isIn(before, "sd-c");
      moved += after.equals("sd-c") ? 1 : 0;
    }
    assertThat(moved).isBetween(15, 55);
  }

  private static ClientInfo owner(String tenant, String clientId, String serverId, String channelId) {
    return new ClientInfo(tenant, ClientInfo.TYPE_MQTT, Map.of(ClientInfo.MQTT_CLIENT_ID, clientId,
      ClientInfo.MQTT_SERVER_ID, serverId, ClientInfo.MQTT_CHANNEL_ID, channelId));
  }
}
