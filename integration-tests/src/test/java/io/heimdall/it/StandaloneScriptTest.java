package io.heimdall.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution as users run it: {@code bin/standalone.sh start} and {@code stop} on child JVMs,
 * with a temporary DATA_DIR, LOG_DIR and CONF_FILE and free loopback ports.
 */
class StandaloneScriptTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Long> started = new ArrayList<>();

  @TempDir
  Path tmp;

  @BeforeAll
  static void distributionIsBuilt() {
    assertThat(StandaloneScript.REPO.resolve("standalone/target/lib"))
      .as("the standalone distribution (run the package phase first)").isDirectory();
  }

  @AfterEach
  void noNodeOutlivesItsTest() {
    for (long pid : started) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void startWritesAPidFileAndWaitsForReadinessAndStopLeavesNoProcess() throws Exception {
    int clusterPort = freePort();
    int apiPort = freePort();
    int mqttPort = freePort();
    StandaloneScript first = new StandaloneScript(tmp.resolve("first"));
    first.writeConfig(node("script-test", clusterPort, mqttPort, apiPort, null));

    StandaloneScript.Run start = first.run("start");

    assertThat(start.exitCode()).as(start.output()).isZero();
    assertThat(start.output()).contains("Heimdall node ready in", "api http://127.0.0.1:" + apiPort);
    assertThat(first.pidFile()).exists();
    long pid = first.pid();
    started.add(pid);
    assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
    assertThat(first.logDir().resolve("heimdall.log")).content().contains("Heimdall node ready");
    assertThat(first.run("start").exitCode()).as("a second start refuses to run").isNotZero();
    JsonObject cluster = clusterView(apiPort);
    assertThat(cluster.getString("env")).isEqualTo("script-test");
    assertThat(cluster.getJsonArray("nodes")).hasSize(1);
    assertThat(cluster.getJsonArray("nodes").getJsonObject(0).getLong("pid")).isEqualTo(pid);
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("script-test")
      .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
    assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    client.disconnect();

    // A second node joins the first through seedEndpoints.
    int secondApiPort = freePort();
    StandaloneScript second = new StandaloneScript(tmp.resolve("second"));
    second.writeConfig(node("script-test", freePort(), freePort(), secondApiPort, "127.0.0.1:" + clusterPort));
    StandaloneScript.Run secondStart = second.run("start");
    assertThat(secondStart.exitCode()).as(secondStart.output()).isZero();
    long secondPid = second.pid();
    started.add(secondPid);
    JsonArray nodes = clusterView(secondApiPort).getJsonArray("nodes");
    assertThat(nodes.stream().map(n -> ((JsonObject) n).getLong("pid"))).containsExactlyInAnyOrder(pid, secondPid);

    StandaloneScript.Run restart = first.run("restart");
    assertThat(restart.exitCode()).as(restart.output()).isZero();
    assertThat(restart.output()).contains("Heimdall stopped (pid " + pid + ")", "Heimdall node ready in");
    started.add(first.pid());
    assertThat(first.pid()).isNotEqualTo(pid);
    assertGone(pid);

    for (StandaloneScript script : List.of(second, first)) {
      long nodePid = script.pid();
      StandaloneScript.Run stop = script.run("stop");
      assertThat(stop.exitCode()).as(stop.output()).isZero();
      assertThat(stop.output()).contains("Heimdall stopped (pid " + nodePid + ")");
      assertThat(script.pidFile()).doesNotExist();
      assertGone(nodePid);
      assertThat(script.logDir().resolve("heimdall.log")).content().contains("Heimdall node stopped in");
    }
    assertThat(first.run("stop").output()).contains("Heimdall is not running");
  }

  @Test
  void theForegroundNodeLogsToTheConsoleAndExitsZeroOnStop() throws Exception {
    StandaloneScript script = new StandaloneScript(tmp.resolve("fg"));
    int apiPort = freePort();
    script.writeConfig(node("fg-test", freePort(), freePort(), apiPort, null));

    Process foreground = script.launch("start", "-fg");
    started.add(foreground.pid());
    BufferedReader console = new BufferedReader(new InputStreamReader(foreground.getInputStream(), StandardCharsets.UTF_8));
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<String> ready = reader.submit(() -> {
        for (String line = console.readLine(); line != null; line = console.readLine()) {
          if (line.contains("Heimdall node ready")) {
            return line;
          }
        }
        return null;
      });
      assertThat(ready.get(120, TimeUnit.SECONDS)).as("ready line on the console").contains("api http://127.0.0.1:" + apiPort);
      // exec keeps the script's pid, so the pid file names the JVM itself.
      assertThat(script.pid()).isEqualTo(foreground.pid());

      StandaloneScript.Run stop = script.run("stop");

      assertThat(stop.exitCode()).as(stop.output()).isZero();
      assertThat(foreground.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(foreground.exitValue()).as("exit code after SIGTERM").isZero();
    } finally {
      reader.shutdownNow();
    }
  }

  @Test
  void aBadConfigurationStopsStartupWithTheKeyPathAndLeavesNoProcess() throws Exception {
    StandaloneScript script = new StandaloneScript(tmp.resolve("bad"));
    script.writeConfig("""
      clusterConfig: {port: %d}
      mqttServiceConfig:
        server:
          tcpListener: {port: 70000}
      """.formatted(freePort()));

    StandaloneScript.Run start = script.run("start");

    assertThat(start.exitCode()).isNotZero();
    assertThat(start.output()).contains("mqttServiceConfig.server.tcpListener.port: must be 1..65535, was 70000");
    assertThat(script.pidFile()).doesNotExist();
    String pidLine = start.output().lines().filter(l -> l.startsWith("Heimdall starting (pid ")).findFirst().orElseThrow();
    long pid = Long.parseLong(pidLine.replaceAll("^Heimdall starting \\(pid (\\d+).*$", "$1"));
    assertGone(pid);
  }

  /** The process has ended; an exited child may stay a zombie for a moment until init reaps it. */
  private static void assertGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process " + pid).isEmpty();
  }

  private static String node(String env, int clusterPort, int mqttPort, int apiPort, String seeds) {
    return """
      clusterConfig:
        env: %s
        port: %d
        seedEndpoints: %s
      mqttServiceConfig:
        server:
          tcpListener: {port: %d}
      apiServerConfig: {port: %d}
      """.formatted(env, clusterPort, seeds == null ? "" : seeds, mqttPort, apiPort);
  }

  private static JsonObject clusterView(int apiPort) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/cluster"))
      .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
