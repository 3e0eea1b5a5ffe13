package io.heimdall.api;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/** Tags every exchange with a {@code req_id} header, echoing the caller's when it sent one. */
public final class RequestIds {
  /** Header name, as in BifroMQ's API. */
  public static final String HEADER = "req_id";

  private RequestIds() {
  }

  /** Route handler: sets the response header, then passes on. */
  public static void assign(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given == null || given.isBlank() || given.length() > 128 ? UUID.randomUUID().toString() : given;
    ctx.put(HEADER, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }
}
