package io.heimdall.common.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.concurrent.CompletableFuture;

/** Starts clustered Vert.x instances on Hazelcast and reaches the member behind one. */
public final class Underlay {
  private Underlay() {
  }

  /**
   * Starts a clustered Vert.x whose Hazelcast member and event bus follow {@code underlay}; the
   * rest of {@code options} is kept. The DNS lookups run on a thread of their own so the caller
   * may be an event loop.
   */
  public static Future<Vertx> start(UnderlayConfig underlay, VertxOptions options) {
    if (System.getProperty("hazelcast.logging.type") == null) {
      // Hazelcast's static loggers read the system property before any member config exists.
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    options.getEventBusOptions()
      .setHost(underlay.rpcHost())
      .setPort(underlay.rpcPort() == null ? 0 : underlay.rpcPort());
    return Future.fromCompletionStage(CompletableFuture.supplyAsync(() -> HazelcastConfigFactory.create(underlay)))
      .compose(config -> Vertx.builder()
        .with(options)
        .withClusterManager(new HazelcastClusterManager(config))
        .buildClustered());
  }

  /** The Hazelcast member a clustered Vert.x runs on. */
  public static HazelcastInstance hazelcast(Vertx vertx) {
    return hazelcastManager(vertx).getHazelcastInstance();
  }

  /** True when {@code vertx} is clustered on Hazelcast. */
  public static boolean isClustered(Vertx vertx) {
    return vertx instanceof VertxInternal internal
      && internal.clusterManager() instanceof HazelcastClusterManager;
  }

  /** Host and port of this process's event bus (the RPC endpoint other members call). */
  public static NodeInfo rpcEndpoint(Vertx vertx) {
    return hazelcastManager(vertx).getNodeInfo();
  }

  private static HazelcastClusterManager hazelcastManager(Vertx vertx) {
    ClusterManager manager = vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
    if (manager instanceof HazelcastClusterManager hazelcast) {
      return hazelcast;
    }
    throw new IllegalStateException("Vert.x is not clustered on Hazelcast");
  }
}
