package io.heimdall.plugin.loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds plugin classes by fully qualified name on the classpath and in the jars of a plugins directory. */
public final class PluginLoader {
  private final ClassLoader classLoader;
  private final String searched;

  private PluginLoader(ClassLoader classLoader, String searched) {
    this.classLoader = classLoader;
    this.searched = searched;
  }

  /** A loader over the classpath plus every jar in {@code pluginDir} (which may be absent). */
  public static PluginLoader over(Path pluginDir) {
    ClassLoader parent = PluginLoader.class.getClassLoader();
    if (pluginDir == null || !Files.isDirectory(pluginDir)) {
      return new PluginLoader(parent, "the classpath");
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(pluginDir)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
        jars.add(p.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list plugin directory " + pluginDir, e);
    }
    return new PluginLoader(new URLClassLoader(jars.toArray(URL[]::new), parent),
      "the classpath and " + pluginDir.toAbsolutePath());
  }

  /**
   * Creates the plugin named by {@code fqn} through its public no-argument constructor.
   *
   * @param configKey the configuration key that named it, quoted in the error
   */
  public <T> T load(String fqn, Class<T> spi, String configKey) {
    Class<?> type;
    try {
      type = Class.forName(fqn.trim(), true, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new PluginLoadException(configKey + ": plugin class " + fqn + " not found in " + searched, e);
    }
    if (!spi.isAssignableFrom(type)) {
      throw new PluginLoadException(configKey + ": " + fqn + " does not implement " + spi.getName(), null);
    }
    try {
      return spi.cast(type.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new PluginLoadException(configKey + ": cannot create " + fqn
        + " (it needs a public no-argument constructor): " + e, e);
    }
  }
}
