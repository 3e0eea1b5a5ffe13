package io.heimdall.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/standalone.sh} of this source tree for one node with its own data, logs and config. */
final class StandaloneScript {
  static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private final Path home;

  StandaloneScript(Path home) {
    this.home = home;
  }

  /** The finished run of one script command. */
  record Run(int exitCode, String output) {
  }

  Path dataDir() {
    return home.resolve("data");
  }

  Path logDir() {
    return home.resolve("logs");
  }

  Path confFile() {
    return home.resolve("standalone.yml");
  }

  Path pidFile() {
    return dataDir().resolve("heimdall.pid");
  }

  void writeConfig(String yaml) throws IOException {
    Files.createDirectories(home);
    Files.writeString(confFile(), yaml);
  }

  long pid() throws IOException {
    return Long.parseLong(Files.readString(pidFile()).trim());
  }

  Run run(String... args) throws IOException, InterruptedException {
    Process process = launch(args);
    // The script's output is small; reading it to the end also waits for the script itself.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(150, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bin/standalone.sh " + String.join(" ", args) + " did not finish:\n" + output);
    }
    return new Run(process.exitValue(), output);
  }

  /** Starts the script without waiting for it; its stdout and stderr are merged. */
  Process launch(String... args) throws IOException {
    String[] command = new String[args.length + 2];
    command[0] = "bash";
    command[1] = REPO.resolve("bin/standalone.sh").toString();
    System.arraycopy(args, 0, command, 2, args.length);
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("DATA_DIR", dataDir().toString());
    env.put("LOG_DIR", logDir().toString());
    env.put("CONF_FILE", confFile().toString());
    env.put("JVM_HEAP_OPTS", "-Xms64m -Xmx512m");
    env.put("START_WAIT_SECONDS", "120");
    return builder.start();
  }
}
