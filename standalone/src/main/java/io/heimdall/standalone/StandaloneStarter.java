package io.heimdall.standalone;

import io.heimdall.standalone.config.ConfigException;
import io.heimdall.standalone.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point of a Heimdall process: {@code StandaloneStarter [config file]}. Exit codes: 0 after
 * a clean stop, 1 when the node cannot start, 2 for a bad configuration.
 */
public final class StandaloneStarter {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneStarter.class);
  private static final long START_TIMEOUT_SECONDS = 300;
  private static final long STOP_TIMEOUT_SECONDS = 20;
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private StandaloneStarter() {
  }

  public static void main(String[] args) {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    Path confFile = Path.of(args.length > 0 ? args[0] : setting("heimdall.conf", "CONF_FILE", "conf/standalone.yml"));
    NodeDirs dirs = new NodeDirs(Path.of(setting("heimdall.data.dir", "DATA_DIR", "data")),
      Path.of(setting("heimdall.plugin.dir", "PLUGIN_DIR", "plugins")));
    JsonObject config;
    try {
      config = ConfigLoader.load(confFile);
    } catch (ConfigException e) {
      LOG.error(e.getMessage());
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("Starting Heimdall node: config {}, data {}, plugins {}", confFile.toAbsolutePath(), dirs.data(), dirs.plugins());
    StandaloneNode node;
    try {
      node = StandaloneNode.start(config, dirs, jvmStart).await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("Heimdall node failed to start", e);
      System.err.println("Heimdall node failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    installStopHandlers(node);
  }

  /** SIGTERM/SIGINT stop the node and exit 0; any other JVM exit still closes the node first. */
  private static void installStopHandlers(StandaloneNode node) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> new Thread(() -> {
        stop(node, "SIG" + name);
        System.exit(0);
      }, "heimdall-stop").start());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, "JVM exit"), "heimdall-shutdown"));
  }

  private static void stop(StandaloneNode node, String cause) {
    if (!STOPPING.compareAndSet(false, true)) {
      return;
    }
    long begin = System.nanoTime();
    LOG.info("Heimdall node stopping ({})", cause);
    try {
      node.stop().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.info("Heimdall node stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    } catch (Exception e) {
      LOG.warn("Heimdall node did not stop cleanly within {} s", STOP_TIMEOUT_SECONDS, e);
    }
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }
}
