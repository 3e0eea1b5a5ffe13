package io.heimdall.standalone;

import io.heimdall.api.PrometheusRegistry;
import io.heimdall.common.cluster.Underlay;
import io.heimdall.common.cluster.UnderlayConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** One Heimdall process: a clustered Vert.x on the underlay and the verticles of its enabled roles. */
public final class StandaloneNode {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneNode.class);
  private final Vertx vertx;
  private final List<Role> roles;
  private final List<List<String>> deploymentsByTier;
  private final String readyLine;

  private StandaloneNode(Vertx vertx, List<Role> roles, List<List<String>> deploymentsByTier, String readyLine) {
    this.vertx = vertx;
    this.roles = roles;
    this.deploymentsByTier = deploymentsByTier;
    this.readyLine = readyLine;
  }

  /**
   * Joins the underlay and deploys the enabled roles, stores first; completes once all are up,
   * after logging the ready line. On a failure whatever was started is closed again.
   *
   * @param config      validated node config (see {@link io.heimdall.standalone.config.ConfigLoader})
   * @param dirs        data and plugin directories
   * @param startMillis epoch millis the start counts from in the ready line
   */
  public static Future<StandaloneNode> start(JsonObject config, NodeDirs dirs, long startMillis) {
    UnderlayConfig underlay = UnderlayConfig.from(config.getJsonObject("clusterConfig"), config.getJsonObject("rpcConfig"));
    List<Role> roles = Arrays.stream(Role.values()).filter(r -> r.enabled(config)).toList();
    PrometheusRegistry.global();
    return Underlay.start(underlay, new VertxOptions())
      .compose(vertx -> deployAll(vertx, roles, config, dirs)
        .map(deployments -> {
          NodeInfo rpc = Underlay.rpcEndpoint(vertx);
          int members = Underlay.hazelcast(vertx).getCluster().getMembers().size();
          String line = ReadyLine.format(config, roles, rpc.host() + ":" + rpc.port(), members,
            System.currentTimeMillis() - startMillis);
          LOG.info(line);
          return new StandaloneNode(vertx, roles, deployments, line);
        })
        .recover(failure -> vertx.close().transform(closed -> Future.failedFuture(failure))));
  }

  /** Deploys tier after tier, the roles of one tier in parallel; answers the deployment ids per tier. */
  private static Future<List<List<String>>> deployAll(Vertx vertx, List<Role> roles, JsonObject config, NodeDirs dirs) {
    List<List<String>> deployments = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    int lastTier = roles.stream().mapToInt(Role::tier).max().orElse(0);
    for (int tier = 0; tier <= lastTier; tier++) {
      int wave = tier;
      List<Role> inWave = roles.stream().filter(r -> r.tier() == wave).toList();
      chain = chain.compose(v -> Future.all(inWave.stream().map(deploy(vertx, config, dirs)).toList())
        .map(ids -> deployments.add(ids.<String>list())).mapEmpty());
    }
    return chain.map(v -> deployments);
  }

  private static Function<Role, Future<String>> deploy(Vertx vertx, JsonObject config, NodeDirs dirs) {
    return role -> vertx.deployVerticle(role.verticle(),
        new DeploymentOptions().setConfig(role.verticleConfig(config, dirs)))
      .recover(e -> Future.failedFuture(new IllegalStateException(
        "role " + role.displayName() + " (" + role.verticle() + ") failed to start: " + e.getMessage(), e)));
  }

  /** The clustered Vert.x instance of this node. */
  public Vertx vertx() {
    return vertx;
  }

  /** Roles this node runs, in deployment order. */
  public List<Role> roles() {
    return new ArrayList<>(roles);
  }

  /** The line logged when the node became ready. */
  public String readyLine() {
    return readyLine;
  }

  /**
   * Undeploys the roles in the reverse order of their start, so edges stop taking work before the
   * stores they write to close, then leaves the underlay.
   */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (int tier = deploymentsByTier.size() - 1; tier >= 0; tier--) {
      List<String> ids = deploymentsByTier.get(tier);
      chain = chain.compose(v -> Future.join(ids.stream().map(vertx::undeploy).toList()).<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("a role failed to stop cleanly", e);
          return Future.succeededFuture();
        }));
    }
    return chain.eventually(vertx::close);
  }
}
