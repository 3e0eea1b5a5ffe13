package io.heimdall.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apiserver role: the HTTP admin API on {@code apiServerConfig} {@code host}/{@code port}.
 * Meters registered on Micrometer's global registry show up in {@code GET /metrics}.
 */
public class ApiServerVerticle extends VerticleBase {
  /** Port of the API when none is configured, as in BifroMQ. */
  public static final int DEFAULT_PORT = 8091;
  private static final Logger LOG = LoggerFactory.getLogger(ApiServerVerticle.class);
  private HttpServer server;

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::assign);
    router.get("/cluster").handler(new ClusterHandler(vertx));
    router.get("/metrics").handler(new MetricsHandler(PrometheusRegistry.global()));
    router.route().last().handler(ctx -> JsonReplies.error(ctx, 404, "no such endpoint: "
      + ctx.request().method() + " " + ctx.request().path()));
    router.route().failureHandler(JsonReplies::failure);
    String host = config().getString("host", "127.0.0.1");
    int port = config().getInteger("port", DEFAULT_PORT);
    return vertx.createHttpServer().requestHandler(router).listen(port, host)
      .onSuccess(s -> {
        server = s;
        LOG.info("API server listening on http://{}:{}", host, s.actualPort());
      });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The bound port (differs from the configured one only when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
