package io.heimdall.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /metrics}: every meter of the process in Prometheus text format. */
final class MetricsHandler implements Handler<RoutingContext> {
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final PrometheusMeterRegistry registry;

  MetricsHandler(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("content-type", CONTENT_TYPE).end(registry.scrape());
  }
}
