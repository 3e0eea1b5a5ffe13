package io.heimdall.retain.server;

import io.heimdall.common.cluster.Underlay;
import io.heimdall.common.cluster.UnderlayConfig;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.kv.balance.impl.RangeSplitBalancerFactory;
import io.heimdall.kv.balance.runtime.BalancerAdmin;
import io.heimdall.kv.client.KVStoreClient;
import io.heimdall.kv.client.KVStoreClientOptions;
import io.heimdall.kv.client.RangeRoute;
import io.heimdall.kv.landscape.Landscape;
import io.heimdall.retain.client.RetainClient;
import io.heimdall.retain.store.RetainKeys;
import io.heimdall.retain.store.RetainResult;
import io.heimdall.retain.store.RetainStoreVerticle;
import io.heimdall.retain.store.RetainedMessage;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** retain.server on a Hazelcast member hosting a retain.store through RetainStoreVerticle: the whole service path. */
class RetainServerTest {
  @TempDir
  static Path dir;
  private static Vertx vertx;
  private static RetainClient client;

  @BeforeAll
  static void startNode() throws Exception {
    JsonObject cluster = new JsonObject().put("env", "retain-test-" + UUID.randomUUID()).put("host", "127.0.0.1")
      .put("port", freePort());
    vertx = Underlay.start(UnderlayConfig.from(cluster, new JsonObject()), new VertxOptions()).await(60, TimeUnit.SECONDS);
    vertx.deployVerticle(new RetainStoreVerticle(), new DeploymentOptions().setConfig(new JsonObject()
      .put("dataDir", dir.resolve("retain.store").toString()))).await(120, TimeUnit.SECONDS);
    vertx.deployVerticle(new RetainServerVerticle()).await(30, TimeUnit.SECONDS);
    client = new RetainClient(vertx);
    // The genesis range appears after the bootstrap balancer's random delay and an election.
    await(() -> {
      try {
        return client.retain("probe", "probe", msg("p"), publisher("probe"), 1).await(15, TimeUnit.SECONDS)
          == RetainResult.RETAINED;
      } catch (Exception e) {
        return false;
      }
    }, 90);
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (vertx != null) {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void retainsMatchesAndClears() throws Exception {
    ClientInfo pub = publisher("t1");
    assertThat(call(client.retain("t1", "s/a", msg("A"), pub, 10))).isEqualTo(RetainResult.RETAINED);
    assertThat(call(client.retain("t1", "s/b", msg("B"), pub, 10))).isEqualTo(RetainResult.RETAINED);
    List<RetainedMessage> all = call(client.match("t1", "s/+", 10));
    assertThat(all).extracting(RetainedMessage::topic).containsExactly("s/a", "s/b");
    assertThat(all.get(0).message().payload().toString()).isEqualTo("A");
    assertThat(all.get(0).publisher()).isEqualTo(pub);
    assertThat(call(client.match("t1", "s/+", 1))).hasSize(1);
    // Shared subscriptions get no retained messages; other tenants see nothing of t1.
    assertThat(call(client.match("t1", "$share/g/s/+", 10))).isEmpty();
    assertThat(call(client.match("t2", "s/+", 10))).isEmpty();

    Message clear = new Message(2, 0, Buffer.buffer(), System.currentTimeMillis(), Message.NO_EXPIRY, true, null);
    assertThat(call(client.retain("t1", "s/a", clear, pub, 10))).isEqualTo(RetainResult.CLEARED);
    assertThat(call(client.match("t1", "s/#", 10))).extracting(RetainedMessage::topic).containsExactly("s/b");
  }

  @Test
  void answersTheTenantLimitAndBadRequestsWithTypedStatuses() throws Exception {
    ClientInfo pub = publisher("lim");
    assertThat(call(client.retain("lim", "x", msg("1"), pub, 1))).isEqualTo(RetainResult.RETAINED);
    assertThat(call(client.retain("lim", "y", msg("2"), pub, 1))).isEqualTo(RetainResult.EXCEED_LIMIT);
    assertThat(call(client.match("lim", "#", 10))).extracting(RetainedMessage::topic).containsExactly("x");

    assertThat(failure(client.retain("lim", "a/+", msg("w"), pub, 1)).code()).isEqualTo(ReplyCode.ERROR);
    assertThat(failure(client.retain("lim", "a", msg("w"), publisher("other"), 1)).code()).isEqualTo(ReplyCode.ERROR);
    assertThat(failure(client.match("lim", "a/#/b", 10)).code()).isEqualTo(ReplyCode.ERROR);
    assertThat(failure(client.match("lim", "#", -1)).code()).isEqualTo(ReplyCode.ERROR);
    RpcClient raw = new RpcClient(vertx);
    assertThat(failure(raw.call(RetainClient.ADDRESS, Buffer.buffer(new byte[] {9, 1}), 10_000)).code())
      .isEqualTo(ReplyCode.BAD_VERSION);
    assertThat(failure(raw.call(RetainClient.ADDRESS, Buffer.buffer(new byte[] {1, 1, 0}), 10_000)).code())
      .isEqualTo(ReplyCode.ERROR);
    // The service keeps serving after all of that.
    assertThat(call(client.match("lim", "x", 10))).hasSize(1);
  }

  @Test
  void matchesATenantSpreadOverSeveralRanges() throws Exception {
    ClientInfo pub = publisher("big");
    for (String topic : List.of("a", "b", "y", "z")) {
      assertThat(call(client.retain("big", topic, msg(topic), pub, 10))).isEqualTo(RetainResult.RETAINED);
    }
    Landscape landscape = new Landscape(Underlay.hazelcast(vertx), RetainStoreVerticle.STORE_NAME).start();
    KVStoreClient kv = new KVStoreClient(vertx, landscape, KVStoreClientOptions.defaults());
    try {
      byte[] splitKey = RetainKeys.key("big", "m");
      await(() -> kv.routes().find(splitKey).isPresent(), 30);
      RangeRoute range = kv.routes().find(splitKey).orElseThrow();
      call(kv.split(range.ver(), range.id(), splitKey));
      await(() -> kv.routes().routes().stream().filter(r -> r.boundary().overlaps(RetainKeys.tenantSpan("big")))
        .count() == 2, 60);
    } finally {
      kv.close();
      landscape.stop();
    }
    assertThat(call(client.match("big", "#", 10))).extracting(RetainedMessage::topic).containsExactly("a", "b", "y", "z");
    assertThat(call(client.match("big", "#", 3))).extracting(RetainedMessage::topic).containsExactly("a", "b", "y");
    assertThat(call(client.match("big", "z", 3))).extracting(RetainedMessage::topic).containsExactly("z");
    // The tenant's limit counts its topics in every range, not only in the range of the new topic.
    assertThat(call(client.retain("big", "c", msg("c"), pub, 4))).isEqualTo(RetainResult.EXCEED_LIMIT);
    assertThat(call(client.retain("big", "x", msg("x"), pub, 4))).isEqualTo(RetainResult.EXCEED_LIMIT);
    assertThat(call(client.retain("big", "c", msg("c"), pub, 5))).isEqualTo(RetainResult.RETAINED);
    assertThat(call(client.retain("big", "x", msg("x"), pub, 5))).isEqualTo(RetainResult.EXCEED_LIMIT);
    assertThat(call(client.retain("big", "a", msg("a2"), pub, 5))).isEqualTo(RetainResult.RETAINED);
  }

  @Test
  void theHostedStoreReportsItsBalancersAndObeysRuntimeProposals() throws Exception {
    BalancerAdmin admin = new BalancerAdmin(Underlay.hazelcast(vertx));
    String split = RangeSplitBalancerFactory.class.getName();
    await(() -> splitDisabled(admin, split).equals(Optional.of(false)), 30);
    admin.disable(RetainStoreVerticle.STORE_NAME, split);
    await(() -> splitDisabled(admin, split).equals(Optional.of(true)), 30);
    admin.enable(RetainStoreVerticle.STORE_NAME, split);
    await(() -> splitDisabled(admin, split).equals(Optional.of(false)), 30);
  }

  /** Whether the (only) store runs the split balancer disabled, empty until it reports it. */
  private static Optional<Boolean> splitDisabled(BalancerAdmin admin, String factory) {
    return admin.states(RetainStoreVerticle.STORE_NAME).values().stream()
      .filter(byFactory -> byFactory.containsKey(factory)).findFirst().map(byFactory -> byFactory.get(factory).disable());
  }

  @Test
  void keepsABoundedBurstOfRetainsAndMatchesThemAll() throws Exception {
    ClientInfo pub = publisher("burst");
    int n = 200;
    long start = System.nanoTime();
    List<Future<RetainResult>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(client.retain("burst", "b/" + i, msg("v" + i), pub, n));
    }
    Future.all(calls).await(60, TimeUnit.SECONDS);
    long retainMillis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
    assertThat(calls).allMatch(f -> f.result() == RetainResult.RETAINED);
    start = System.nanoTime();
    List<RetainedMessage> all = call(client.match("burst", "b/+", n));
    long matchMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(all).hasSize(n);
    LoggerFactory.getLogger(RetainServerTest.class).info("{} retains in {} ms ({} /s); match of {} in {} ms",
      n, retainMillis, n * 1000L / retainMillis, n, matchMillis);
  }

  private static ClientInfo publisher(String tenant) {
    return new ClientInfo(tenant, ClientInfo.TYPE_MQTT, Map.of(ClientInfo.MQTT_CLIENT_ID, "pub"));
  }

  private static Message msg(String payload) {
    return new Message(1, 1, Buffer.buffer(payload), System.currentTimeMillis(), Message.NO_EXPIRY, true, null);
  }

  private static <T> T call(Future<T> f) throws Exception {
    return f.await(30, TimeUnit.SECONDS);
  }

  private static RpcException failure(Future<?> f) {
    return catchThrowableOfType(RpcException.class, () -> f.await(30, TimeUnit.SECONDS));
  }

  private static void await(BooleanSupplier condition, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + seconds + " s");
      }
      Thread.sleep(50);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
