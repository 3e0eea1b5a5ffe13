package io.heimdall.inbox.store;

import io.heimdall.common.message.BrokerAddress;
import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.common.rpc.RpcServer;
import io.heimdall.dist.client.DistClient;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.heimdall.kv.testing.StoreWaits.awaitLeader;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader-side collector on a real store and a real event bus: due wills come out once, and sessions attached on
 * a node that no longer answers are detached so that their will and expiry run, while live nodes keep theirs.
 */
class InboxCollectorTest {
  private static final KVRangeId ID = KVRangeId.genesis(1000);
  private static final ClientInfo CLIENT = new ClientInfo("t1", ClientInfo.TYPE_MQTT,
    Map.of(ClientInfo.MQTT_CLIENT_ID, "c"));

  @TempDir
  Path dir;
  private Vertx vertx;
  private RaftKVRangeStore store;
  private long ver;
  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    store = new RaftKVRangeStore(KVRangeStoreOptions.of(InboxStoreVerticle.STORE_NAME, dir, "127.0.0.1", 0,
      new InboxStoreCoProcFactory(), s -> Optional.empty()).withFsync(false)
      .withElectionTimeoutMin(Duration.ofMillis(1000)));
    store.start().get(60, TimeUnit.SECONDS);
    store.bootstrap(ID, Boundary.FULL).get(60, TimeUnit.SECONDS);
    ver = awaitLeader(store, ID).ver();
    // Node "alive" answers on its broker address; node "crashed" has none.
    RpcServer.serve(vertx, BrokerAddress.of("alive"), body -> Future.succeededFuture(Buffer.buffer()))
      .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    store.stop().get(60, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void sessionsOfAGoneNodeAreDetachedAndTheirWillsPublished() throws Exception {
    InboxWill will = new InboxWill("will/x", new Message(1, 1, Buffer.buffer("bye"), now.get(), Message.NO_EXPIRY,
      false, null), 0, CLIENT);
    attach("on-live", "alive", will);
    attach("on-crashed", "crashed", will);
    InboxCollector collector = new InboxCollector(vertx, store, new DistClient(vertx), Duration.ofHours(1), now::get);

    assertThat(collector.collect().await(30, TimeUnit.SECONDS)).allSatisfy(r -> assertThat(r.wills()).isEmpty());
    assertThat(collector.detachOrphans().await(30, TimeUnit.SECONDS)).isEqualTo(1);
    // Detached with its will kept: a will delay of 0 makes it due at once, and only this session's.
    List<InboxStoreWire.GcResult> results = collector.collect().await(30, TimeUnit.SECONDS);
    assertThat(results.stream().flatMap(r -> r.wills().stream()).map(InboxStoreWire.DueWill::inboxId))
      .containsExactly("on-crashed");
    assertThat(collector.detachOrphans().await(30, TimeUnit.SECONDS)).isZero();
    // The detached session now expires with its interval; the live one does not.
    now.addAndGet(61_000);
    results = collector.collect().await(30, TimeUnit.SECONDS);
    assertThat(results.stream().flatMap(r -> r.expired().stream()).map(InboxStoreWire.Expired::inboxId))
      .containsExactly("on-crashed");
  }

  private void attach(String inbox, String serverId, InboxWill will) throws Exception {
    store.mutateCoProc(ver, ID, InboxStoreWire.attach(new InboxStoreWire.Attach("t1", inbox, "ch-" + inbox,
      serverId, false, 60, 10, false, will, CLIENT, now.get()))).get(60, TimeUnit.SECONDS);
  }

}
