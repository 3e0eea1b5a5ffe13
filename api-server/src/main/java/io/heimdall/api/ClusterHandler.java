package io.heimdall.api;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.heimdall.common.cluster.MemberAttributes;
import io.heimdall.common.cluster.Underlay;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /cluster}: the underlay members as {@code {env, nodes:[{id, address, port, pid}], local}}. */
final class ClusterHandler implements Handler<RoutingContext> {
  private final Vertx vertx;

  ClusterHandler(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!Underlay.isClustered(vertx)) {
      JsonReplies.error(ctx, 503, "this process is not part of an underlay cluster");
      return;
    }
    // Membership is a local view in Hazelcast: reading it does not block.
    HazelcastInstance hazelcast = Underlay.hazelcast(vertx);
    JsonArray nodes = new JsonArray();
    for (Member member : hazelcast.getCluster().getMembers()) {
      String pid = member.getAttribute(MemberAttributes.PID);
      nodes.add(new JsonObject()
        .put("id", member.getUuid().toString())
        .put("address", member.getAddress().getHost())
        .put("port", member.getAddress().getPort())
        .put("pid", pid == null ? null : Long.valueOf(pid)));
    }
    JsonReplies.ok(ctx, new JsonObject()
      .put("env", hazelcast.getConfig().getClusterName())
      .put("nodes", nodes)
      .put("local", hazelcast.getCluster().getLocalMember().getUuid().toString()));
  }
}
