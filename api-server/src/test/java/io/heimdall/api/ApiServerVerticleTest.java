package io.heimdall.api;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The API verticle on a plain (not clustered) Vert.x: request ids, metrics, error replies. */
class ApiServerVerticleTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Vertx vertx;
  private int port;

  @BeforeEach
  void deploy() throws Exception {
    vertx = Vertx.vertx();
    port = freePort();
    vertx.deployVerticle(new ApiServerVerticle(),
      new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port)))
      .await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void echoesTheCallersRequestIdAndInventsOneOtherwise() throws Exception {
    HttpResponse<String> given = send(HttpRequest.newBuilder(uri("/metrics")).header("req_id", "abc-123").GET());
    HttpResponse<String> invented = send(HttpRequest.newBuilder(uri("/metrics")).GET());
    HttpResponse<String> another = send(HttpRequest.newBuilder(uri("/metrics")).GET());

    assertThat(given.headers().firstValue("req_id")).hasValue("abc-123");
    assertThat(invented.headers().firstValue("req_id")).isPresent();
    assertThat(another.headers().firstValue("req_id")).isPresent().isNotEqualTo(invented.headers().firstValue("req_id"));
  }

  @Test
  void metricsShowMetersOfTheGlobalRegistry() throws Exception {
    Metrics.counter("api.test.counter", "kind", "probe").increment(3);
    try {
      HttpResponse<String> metrics = send(HttpRequest.newBuilder(uri("/metrics")).GET());

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("api_test_counter_total{kind=\"probe\"} 3.0");
    } finally {
      Metrics.globalRegistry.remove(Metrics.globalRegistry.get("api.test.counter").counter());
    }
  }

  @Test
  void metricsKeepWhatWasRecordedBeforeTheApiStarted() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    // the node installs the registry first, then roles record, then the API deploys last
    PrometheusRegistry.global();
    Metrics.counter("api.test.early", "kind", "probe").increment(5);
    try {
      deploy();
      HttpResponse<String> metrics = send(HttpRequest.newBuilder(uri("/metrics")).GET());

      assertThat(metrics.body()).contains("api_test_early_total{kind=\"probe\"} 5.0");
    } finally {
      Metrics.globalRegistry.remove(Metrics.globalRegistry.get("api.test.early").counter());
    }
  }

  @Test
  void clusterIsUnavailableOutsideAnUnderlayAndUnknownPathsAreJson404() throws Exception {
    HttpResponse<String> cluster = send(HttpRequest.newBuilder(uri("/cluster")).GET());
    HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/cluster")).POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(cluster.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(cluster.body()).getString("error")).contains("not part of an underlay cluster");
    assertThat(post.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(post.body()).getString("req_id")).isEqualTo(post.headers().firstValue("req_id").orElseThrow());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
