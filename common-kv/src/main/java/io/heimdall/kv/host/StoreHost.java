package io.heimdall.kv.host;

import com.hazelcast.core.HazelcastInstance;
import io.heimdall.common.cluster.Underlay;
import io.heimdall.kv.balance.runtime.StoreBalancing;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.landscape.Landscape;
import io.heimdall.kv.landscape.LandscapePublisher;
import io.heimdall.kv.rpc.KVRangeStoreServer;
import io.heimdall.kv.store.KVRangeStore;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Runs this process's store of one KV cluster on a clustered Vert.x: the store itself, its event-bus server, its
 * entry in the landscape and its balancing (controller plus runtime proposals), started and stopped in the right
 * order, with every blocking step (RocksDB, Ratis, Hazelcast) off the event loop.
 */
public final class StoreHost {
  private static final Logger LOG = LoggerFactory.getLogger(StoreHost.class);
  /** Raft starts every hosted range at once; on a loaded small machine that can take long. */
  private static final long START_SECONDS = 120;
  private static final long STOP_SECONDS = 60;

  private final Vertx vertx;
  private final StoreHostConfig config;
  private Landscape landscape;
  private RaftKVRangeStore store;
  private KVRangeStoreServer server;
  private LandscapePublisher publisher;
  private StoreBalancing balancing;

  private StoreHost(Vertx vertx, StoreHostConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /**
   * Starts the store with the service's coprocessors and makes it reachable; the future fails (after undoing what
   * was started) when any part does not come up.
   */
  public static Future<StoreHost> start(Vertx vertx, StoreHostConfig config, KVRangeCoProcFactory coProcs) {
    StoreHost host = new StoreHost(vertx, config);
    return host.startParts(coProcs).map(host)
      .recover(e -> host.stop().transform(ar -> Future.failedFuture(e)));
  }

  /**
   * Starts the store of a role verticle from its config() section; a bad section fails the future with a message
   * naming the key under {@code sectionPath}.
   */
  public static Future<StoreHost> start(Vertx vertx, String storeName, String sectionPath, JsonObject section,
                                        KVRangeCoProcFactory coProcs) {
    StoreHostConfig config;
    try {
      config = StoreHostConfig.from(storeName, sectionPath, section);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return start(vertx, config, coProcs);
  }

  /** The hosted store. */
  public KVRangeStore store() {
    return store;
  }

  /** The landscape of the store's KV cluster as this process sees it. */
  public Landscape landscape() {
    return landscape;
  }

  private Future<Void> startParts(KVRangeCoProcFactory coProcs) {
    HazelcastInstance hz = Underlay.hazelcast(vertx);
    String host = Underlay.rpcEndpoint(vertx).host();
    String name = config.storeName();
    return vertx.executeBlocking(() -> {
        landscape = new Landscape(hz, name).start();
        store = new RaftKVRangeStore(KVRangeStoreOptions.of(name, config.dataDir(), host, 0, coProcs,
          landscape::raftEndpoint).withElectionTimeoutMin(config.electionTimeoutMin()));
        store.start().get(START_SECONDS, TimeUnit.SECONDS);
        return store;
      })
      .compose(s -> KVRangeStoreServer.start(vertx, s))
      .compose(srv -> {
        server = srv;
        return Future.fromCompletionStage(LandscapePublisher.attach(hz, store));
      })
      .compose(pub -> {
        publisher = pub;
        return vertx.executeBlocking(() -> StoreBalancing.start(hz, store, landscape, config.balancers(),
          Metrics.globalRegistry, StoreBalancing.DEFAULT_RETRY_DELAY));
      })
      .map(b -> {
        balancing = b;
        LocalStores.add(vertx, name, store.id());
        LOG.info("{} store {} started in {}", name, store.id(), config.dataDir());
        return null;
      });
  }

  /** Stops the parts in reverse: no new balancing or requests first, the store's data last. */
  public Future<Void> stop() {
    if (store != null) {
      LocalStores.remove(vertx, config.storeName(), store.id());
    }
    Future<Void> unserved = server == null ? Future.succeededFuture() : server.stop();
    return unserved.transform(ar -> vertx.executeBlocking(() -> {
      if (balancing != null) {
        balancing.close();
      }
      if (publisher != null) {
        publisher.stop().get(STOP_SECONDS, TimeUnit.SECONDS);
      }
      if (store != null) {
        store.stop().get(STOP_SECONDS, TimeUnit.SECONDS);
      }
      if (landscape != null) {
        landscape.stop();
      }
      return null;
    }));
  }
}
