package io.heimdall.inbox.store;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import io.heimdall.kv.range.RaftRole;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
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

import static io.heimdall.kv.testing.StoreWaits.awaitLeader;
import static io.heimdall.kv.testing.StoreWaits.get;
import static org.assertj.core.api.Assertions.assertThat;

/** The inbox.store coprocessor in a real store (RocksDB + Ratis): sessions, queues, limits, retries, GC, restart. */
class InboxStoreCoProcTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final KVRangeId ID = KVRangeId.genesis(1000);
  private static final ClientInfo CLIENT = new ClientInfo("t1", ClientInfo.TYPE_MQTT,
    Map.of(ClientInfo.MQTT_CLIENT_ID, "c1"));

  @TempDir
  Path dir;
  private RaftKVRangeStore store;
  private long ver;

  @BeforeEach
  void start() throws Exception {
    store = newStore();
    get(store.start());
    get(store.bootstrap(ID, Boundary.FULL));
    ver = awaitLeader(store, ID).ver();
  }

  @AfterEach
  void stop() throws Exception {
    get(store.stop());
  }

  @Test
  void sessionSubscriptionsAndQueuesSurviveARestart() throws Exception {
    assertThat(attach("c1", "ch1", false, 60, 10, false, null).sessionPresent()).isFalse();
    // A retried attach of the same channel still answers what the first one did.
    assertThat(attach("c1", "ch1", false, 60, 10, false, null).sessionPresent()).isFalse();
    assertThat(status(InboxStoreWire.subscribe("t1", "c1", new InboxSubscription("a/+", 1, false, false, 7), 100)))
      .isEqualTo(InboxStoreWire.INSERT_OK);
    assertThat(status(InboxStoreWire.subscribe("t1", "nobody", new InboxSubscription("a/+", 1, false, false, 0), 100)))
      .isEqualTo(InboxStoreWire.INSERT_NO_INBOX);

    List<InboxStoreWire.InsertResult> results = insert(1, "c1", "a/1", 1, 0, 2);
    assertThat(results).extracting(InboxStoreWire.InsertResult::status).containsOnly(InboxStoreWire.INSERT_OK);
    assertThat(results.get(0).serverId()).isEqualTo("node1");
    // The same request retried (outcome unknown to the client) queues nothing twice.
    insert(1, "c1", "a/1", 1, 0, 2);
    assertThat(insert(2, "zz", "a/1", 1, 0).get(0).status()).isEqualTo(InboxStoreWire.INSERT_NO_INBOX);

    InboxStoreWire.FetchResult fetched = fetch("c1", 0, 0, 100);
    assertThat(fetched.qos12()).extracting(InboxMessage::seq).containsExactly(0L, 1L);
    assertThat(fetched.qos12()).extracting(m -> m.message().payload().toString()).containsExactly("m1", "m2");
    assertThat(fetched.qos0()).extracting(m -> m.message().payload().toString()).containsExactly("m0");
    assertThat(fetched.qos12().get(0).filters()).containsExactly("a/+", "#");

    // m1 (seq 0) is acknowledged; m2 (seq 1) got PUBREC, so a resumed session owes it a PUBREL, not a PUBLISH.
    mutate(InboxStoreWire.commit("t1", "c1", 0, 1, List.of(1L, 5L)));
    mutate(InboxStoreWire.detach("t1", "c1", "ch1", 60, true, 2, NOW + 10));

    get(store.stop());
    store = newStore();
    get(store.start());
    ver = awaitLeader(store, ID).ver();
    // The due times come back from the data: the detached session expires 60 s after it left.
    assertThat(due(NOW + 10 + 59_999)).isZero();
    assertThat(due(NOW + 10 + 60_000)).isEqualTo(1);

    InboxStoreWire.AttachResult again = attach("c1", "ch2", false, 60, 10, false, null);
    assertThat(again.sessionPresent()).isTrue();
    assertThat(again.subscriptions()).containsExactly(new InboxSubscription("a/+", 1, false, false, 7));
    assertThat(again.q1Commit()).isEqualTo(1);
    assertThat(again.q1Sent()).isEqualTo(2);
    assertThat(again.released()).containsExactly(1L);
    assertThat(fetch("c1", again.q0Commit(), again.q1Commit(), 100).qos12())
      .extracting(m -> m.message().payload().toString()).containsExactly("m2");
    // A late detach of the old channel does not detach the new one.
    mutate(InboxStoreWire.detach("t1", "c1", "ch1", 60, true, 2, NOW + 20));
    assertThat(insert(3, "c1", "a/1", 1).get(0).serverId()).isEqualTo("node1");

    InboxStoreWire.AttachResult clean = attach("c1", "ch3", true, 60, 10, false, null);
    assertThat(clean.sessionPresent()).isFalse();
    assertThat(clean.discardedFilters()).containsExactly("a/+");
    assertThat(fetch("c1", 0, 0, 100).qos12()).isEmpty();
  }

  @Test
  void boundedQueuesApplyTheDropPolicy() throws Exception {
    attach("old", "ch", false, 60, 2, true, null);
    attach("new", "ch", false, 60, 2, false, null);
    for (String inbox : List.of("old", "new")) {
      mutate(InboxStoreWire.subscribe("t1", inbox, new InboxSubscription("#", 1, false, false, 0), 100));
      insert(10, inbox, "x", 0, 0, 0);
      insert(11, inbox, "x", 1, 1, 1);
    }
    // QoS 0 drops per the setting: the oldest when asked, else the newest; QoS 1 always keeps the oldest.
    assertThat(fetch("old", 0, 0, 10).qos0()).extracting(m -> m.message().payload().toString())
      .containsExactly("m0", "m0");
    assertThat(fetch("old", 0, 0, 10).qos0()).extracting(InboxMessage::seq).containsExactly(1L, 2L);
    assertThat(fetch("new", 0, 0, 10).qos0()).extracting(InboxMessage::seq).containsExactly(0L, 1L);
    assertThat(fetch("new", 0, 0, 10).qos12()).extracting(InboxMessage::seq).containsExactly(0L, 1L);
  }

  @Test
  void collectorPublishesDueWillsAndRemovesExpiredInboxes() throws Exception {
    InboxWill will = new InboxWill("will/c1", msg(1, "bye"), 5, CLIENT);
    attach("w", "ch", false, 30, 10, false, will);
    mutate(InboxStoreWire.subscribe("t1", "w", new InboxSubscription("a", 1, false, false, 0), 100));
    mutate(InboxStoreWire.detach("t1", "w", "ch", 30, true, 0, NOW));
    assertThat(due(NOW + 4_000)).isZero();
    assertThat(due(NOW + 5_000)).isEqualTo(1);
    InboxStoreWire.GcResult first = InboxStoreWire.readGcResult(mutate(InboxStoreWire.gc(NOW + 5_000)));
    assertThat(first.wills()).extracting(w -> w.will().topic()).containsExactly("will/c1");
    assertThat(first.expired()).isEmpty();
    assertThat(due(NOW + 29_000)).isZero();
    InboxStoreWire.GcResult second = InboxStoreWire.readGcResult(mutate(InboxStoreWire.gc(NOW + 30_000)));
    assertThat(second.wills()).isEmpty();
    assertThat(second.expired()).extracting(InboxStoreWire.Expired::filters).containsExactly(List.of("a"));
    assertThat(fetch("w", 0, 0, 1).exists()).isFalse();

    // A reconnect before the delay ends cancels the will.
    attach("r", "ch", false, 30, 10, false, will);
    mutate(InboxStoreWire.detach("t1", "r", "ch", 30, true, 0, NOW));
    attach("r", "ch2", false, 30, 10, false, null);
    assertThat(due(NOW + 60_000)).isZero();
    // A malformed command changes nothing and answers empty.
    assertThat(mutate(new byte[] {1, 6, 0})).isEmpty();
  }

  @Test
  void aBatchRoutedBeforeASplitAnswersMovedForInboxesOfTheOtherHalf() throws Exception {
    attach("a1", "ch", false, 60, 10, false, null);
    attach("z1", "ch", false, 60, 10, false, null);
    for (String inbox : List.of("a1", "z1")) {
      mutate(InboxStoreWire.subscribe("t1", inbox, new InboxSubscription("#", 1, false, false, 0), 100));
    }
    byte[] splitKey = new InboxStoreCoProcFactory().toSplitKey(InboxKeys.message("t1", "m", InboxKeys.QOS12, 3))
      .orElseThrow();
    assertThat(splitKey).isEqualTo(InboxKeys.meta("t1", "m"));
    get(store.split(ver, ID, splitKey));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (store.describe().ranges().stream().filter(r -> r.role() == RaftRole.Leader).count() < 2) {
      assertThat(System.nanoTime()).as("both halves lead within 60 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    ver = awaitLeader(store, ID).ver();
    List<InboxStoreWire.InsertItem> items = List.of(
      new InboxStoreWire.InsertItem("t1", "a1", "x", List.of("#"), CLIENT, msg(1, "left")),
      new InboxStoreWire.InsertItem("t1", "z1", "x", List.of("#"), CLIENT, msg(1, "right")));
    assertThat(InboxStoreWire.readInsertResults(mutate(InboxStoreWire.insert(9, items))))
      .extracting(InboxStoreWire.InsertResult::status)
      .containsExactly(InboxStoreWire.INSERT_OK, InboxStoreWire.INSERT_MOVED);
  }

  private InboxStoreWire.AttachResult attach(String inbox, String channel, boolean clean, long expiry, int limit,
                                             boolean dropOldest, InboxWill will) throws Exception {
    return InboxStoreWire.readAttachResult(mutate(InboxStoreWire.attach(new InboxStoreWire.Attach("t1", inbox,
      channel, "node1", clean, expiry, limit, dropOldest, will, CLIENT, NOW))));
  }

  private List<InboxStoreWire.InsertResult> insert(long requestId, String inbox, String topic, int... qos)
    throws Exception {
    List<InboxStoreWire.InsertItem> items = new java.util.ArrayList<>();
    for (int q : qos) {
      items.add(new InboxStoreWire.InsertItem("t1", inbox, topic, List.of("a/+", "#"), CLIENT,
        msg(q, "m" + q)));
    }
    return InboxStoreWire.readInsertResults(mutate(InboxStoreWire.insert(requestId, items)));
  }

  private InboxStoreWire.FetchResult fetch(String inbox, long q0, long q1, int max) throws Exception {
    return InboxStoreWire.readFetchResult(get(store.queryCoProc(ver, ID,
      InboxStoreWire.fetch("t1", inbox, q0, q1, max), true)));
  }

  private int due(long now) throws Exception {
    return InboxStoreWire.readInt(get(store.queryCoProc(ver, ID, InboxStoreWire.due(now), true)));
  }

  private byte status(byte[] command) throws Exception {
    return InboxStoreWire.readStatus(mutate(command));
  }

  private byte[] mutate(byte[] command) throws Exception {
    return get(store.mutateCoProc(ver, ID, command));
  }

  private static Message msg(int qos, String payload) {
    return new Message(1, qos, Buffer.buffer(payload), NOW, Message.NO_EXPIRY, false, null);
  }

  private RaftKVRangeStore newStore() {
    return new RaftKVRangeStore(KVRangeStoreOptions.of(InboxStoreVerticle.STORE_NAME, dir, "127.0.0.1", 0,
      new InboxStoreCoProcFactory(), s -> Optional.empty()).withFsync(false)
      .withElectionTimeoutMin(Duration.ofMillis(1000)));
  }


}
