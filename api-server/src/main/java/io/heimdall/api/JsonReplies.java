package io.heimdall.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes JSON bodies and JSON error replies of the admin API. */
public final class JsonReplies {
  private static final Logger LOG = LoggerFactory.getLogger(JsonReplies.class);

  private JsonReplies() {
  }

  /** 200 with {@code body}. */
  public static void ok(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("content-type", "application/json").end(body.encode());
  }

  /** {@code status} with {@code {"error": message, "req_id": ...}}. */
  public static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
      .end(new JsonObject().put("error", message).put(RequestIds.HEADER, ctx.<String>get(RequestIds.HEADER)).encode());
  }

  /** Failure handler: a handler's status code, or 500 for an unexpected exception (logged). */
  public static void failure(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      return;
    }
    if (ctx.failure() == null) {
      error(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500, "request failed");
      return;
    }
    LOG.warn("{} {} failed (req_id {})", ctx.request().method(), ctx.request().path(), ctx.<String>get(RequestIds.HEADER),
      ctx.failure());
    error(ctx, 500, "internal error: " + ctx.failure().getMessage());
  }
}
