package io.heimdall.dist.server;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcClient;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.common.rpc.RpcHandler;
import io.heimdall.dist.client.DistWire;
import io.heimdall.dist.client.PubResult;
import io.heimdall.dist.worker.Route;
import io.heimdall.dist.worker.RouteMatch;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Serves {@code dist.server}: publish batches are matched against the routes and delivered; routes are changed. */
final class DistService implements RpcHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DistService.class);

  private final RouteStore routes;
  private final Deliverer deliverer;

  DistService(RouteStore routes, RpcClient rpc) {
    this.routes = routes;
    this.deliverer = new Deliverer(rpc);
  }

  @Override
  public Future<Buffer> handle(Buffer request) {
    BufferReader in = new BufferReader(request);
    byte version = in.readByte();
    if (version != DistWire.VERSION) {
      return Future.failedFuture(new RpcException(ReplyCode.BAD_VERSION, "dist schema " + version));
    }
    byte op = in.readByte();
    switch (op) {
      case DistWire.OP_PUB: {
        String tenant = in.readString();
        return pub(tenant, DistWire.readPubItems(in));
      }
      case DistWire.OP_ADD_ROUTE:
        return routes.add(List.of(toRoute(DistWire.readRoute(in)))).map(Buffer.buffer());
      case DistWire.OP_REMOVE_ROUTE:
        return routes.remove(List.of(toRoute(DistWire.readRoute(in)))).map(Buffer.buffer());
      default:
        return Future.failedFuture(new RpcException(ReplyCode.ERROR, "unknown dist operation " + op));
    }
  }

  private Future<Buffer> pub(String tenant, List<DistWire.PubItem> items) {
    List<String> topics = new ArrayList<>(new LinkedHashSet<>(items.stream().map(DistWire.PubItem::topic).toList()));
    return routes.match(tenant, topics)
      .compose(matches -> {
        Map<String, RouteMatch> byTopic = new HashMap<>();
        matches.forEach(m -> byTopic.put(m.topic(), m));
        return deliverer.deliver(tenant, items, byTopic);
      })
      .map(outcome -> {
        if (!outcome.deadRoutes().isEmpty()) {
          routes.remove(outcome.deadRoutes()).onFailure(e -> LOG.warn("removing dead routes failed: {}", e.getMessage()));
        }
        return DistWire.pubResults(outcome.results());
      })
      .recover(e -> {
        LOG.warn("publish batch of tenant {} failed: {}", tenant, e.getMessage());
        return Future.succeededFuture(DistWire.pubResults(items.stream().map(i -> PubResult.ERROR).toList()));
      });
  }

  private static Route toRoute(DistWire.RouteItem item) {
    try {
      return new Route(item.tenantId(), item.rawFilter(), item.receiverServerId());
    } catch (IllegalArgumentException e) {
      throw new RpcException(ReplyCode.ERROR, e.getMessage());
    }
  }
}
