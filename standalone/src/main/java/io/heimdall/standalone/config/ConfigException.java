package io.heimdall.standalone.config;

import java.util.List;

/** The configuration cannot be used; the message lists every problem, one per line, by key path. */
public final class ConfigException extends Exception {
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super("invalid configuration " + source + ":\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code "<key path>: <what is wrong>"}. */
  public List<String> problems() {
    return problems;
  }
}
