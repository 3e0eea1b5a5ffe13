package io.heimdall.plugin;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.plugin.balancer.ClientBalancer;
import io.heimdall.plugin.balancer.Redirection;
import io.heimdall.plugin.loader.PluginLoadException;
import io.heimdall.plugin.loader.PluginLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A plugin class found only in a jar of the plugins directory is loaded by its name. */
class PluginDirectoryTest {
  @TempDir
  Path work;

  @Test
  void loadsAPluginFromAJarInThePluginDirectory() throws Exception {
    Path src = work.resolve("src/com/example/FarAwayBalancer.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, """
      package com.example;
      import io.heimdall.common.message.ClientInfo;
      import io.heimdall.plugin.balancer.ClientBalancer;
      import io.heimdall.plugin.balancer.Redirection;
      import java.util.Optional;
      public class FarAwayBalancer implements ClientBalancer {
        public Optional<Redirection> needRedirect(ClientInfo client) {
          return Optional.of(new Redirection(false, Optional.of("far.away:1883")));
        }
      }
      """);
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
      src.toString());
    assertThat(rc).isZero();
    Path pluginDir = work.resolve("plugins");
    Files.createDirectories(pluginDir);
    try (OutputStream out = Files.newOutputStream(pluginDir.resolve("far-away.jar"));
         JarOutputStream jar = new JarOutputStream(out)) {
      jar.putNextEntry(new JarEntry("com/example/FarAwayBalancer.class"));
      jar.write(Files.readAllBytes(classes.resolve("com/example/FarAwayBalancer.class")));
      jar.closeEntry();
    }

    assertThatThrownBy(() -> PluginLoader.over(null).load("com.example.FarAwayBalancer", ClientBalancer.class,
      "clientBalancerFQN")).isInstanceOf(PluginLoadException.class).hasMessageContaining("not found in the classpath");
    ClientBalancer balancer = PluginLoader.over(pluginDir)
      .load("com.example.FarAwayBalancer", ClientBalancer.class, "clientBalancerFQN");
    assertThat(balancer.needRedirect(new ClientInfo("t", ClientInfo.TYPE_MQTT, Map.of())))
      .contains(new Redirection(false, Optional.of("far.away:1883")));
  }
}
