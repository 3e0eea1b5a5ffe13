package io.heimdall.dist.worker;

import com.hazelcast.core.HazelcastInstance;
import io.heimdall.common.cluster.Underlay;
import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.config.BalancerConfig;
import io.heimdall.kv.balance.controller.BalanceController;
import io.heimdall.kv.balance.controller.LandscapeSource;
import io.heimdall.kv.landscape.Landscape;
import io.heimdall.kv.landscape.LandscapePublisher;
import io.heimdall.kv.rpc.KVRangeStoreServer;
import io.heimdall.kv.store.KVRangeStoreOptions;
import io.heimdall.kv.store.RaftKVRangeStore;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The distworker role: hosts this node's store of the {@code dist.worker} KV cluster (subscription
 * routes, matched by the route coprocessor), serves it on the event bus, publishes it into the
 * landscape and runs its balancers. config() is {@code distServiceConfig.worker}: {@code dataDir},
 * {@code balanceConfig.balancers}.
 */
public class DistWorkerVerticle extends VerticleBase {
  /** The store name. */
  public static final String STORE_NAME = "dist.worker";
  private static final Logger LOG = LoggerFactory.getLogger(DistWorkerVerticle.class);
  private static final String BALANCERS_KEY = "distServiceConfig.worker.balanceConfig.balancers";

  private Landscape landscape;
  private RaftKVRangeStore store;
  private KVRangeStoreServer server;
  private LandscapePublisher publisher;
  private BalanceController balancer;

  @Override
  public Future<?> start() {
    HazelcastInstance hz = Underlay.hazelcast(vertx);
    Path dataDir = Path.of(config().getString("dataDir", "data/" + STORE_NAME));
    JsonObject balancers = config().getJsonObject("balanceConfig", new JsonObject()).getJsonObject("balancers");
    // An empty section means "the reference defaults", as in the shipped standalone.yml.
    var configured = BalancerConfig.parse(STORE_NAME, BALANCERS_KEY,
      balancers == null || balancers.isEmpty() ? null : balancers);
    String host = Underlay.rpcEndpoint(vertx).host();
    return vertx.executeBlocking(() -> {
        landscape = new Landscape(hz, STORE_NAME).start();
        store = new RaftKVRangeStore(KVRangeStoreOptions.of(STORE_NAME, dataDir, host, 0, new DistWorkerCoProcFactory(),
          landscape::raftEndpoint).withElectionTimeoutMin(Duration.ofMillis(1500)));
        store.start().get(120, TimeUnit.SECONDS);
        return store;
      })
      .compose(s -> KVRangeStoreServer.start(vertx, s))
      .compose(srv -> {
        server = srv;
        return Future.fromCompletionStage(LandscapePublisher.attach(hz, store));
      })
      .map(pub -> {
        publisher = pub;
        balancer = new BalanceController(store, LandscapeSource.of(landscape), configured, BalancerContext.system(),
          Metrics.globalRegistry, Duration.ofSeconds(5)).start();
        LocalStores.add(vertx, store.id());
        LOG.info("distworker store {} started in {}", store.id(), dataDir);
        return null;
      });
  }

  @Override
  public Future<?> stop() {
    if (store != null) {
      LocalStores.remove(vertx, store.id());
    }
    if (balancer != null) {
      balancer.close();
    }
    Future<Void> unserved = server == null ? Future.succeededFuture() : server.stop();
    return unserved.compose(v -> vertx.executeBlocking(() -> {
      if (publisher != null) {
        publisher.stop().get(30, TimeUnit.SECONDS);
      }
      if (store != null) {
        store.stop().get(60, TimeUnit.SECONDS);
      }
      if (landscape != null) {
        landscape.stop();
      }
      return null;
    }));
  }
}
