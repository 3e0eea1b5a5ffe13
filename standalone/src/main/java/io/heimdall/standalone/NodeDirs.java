package io.heimdall.standalone;

import java.nio.file.Path;

/**
 * Directories of a node outside its config file.
 *
 * @param data    root under which stores keep their data unless configured otherwise
 * @param plugins directory whose jars are searched for plugin classes (may not exist)
 */
public record NodeDirs(Path data, Path plugins) {
  public NodeDirs {
    data = data.toAbsolutePath().normalize();
    plugins = plugins.toAbsolutePath().normalize();
  }
}
