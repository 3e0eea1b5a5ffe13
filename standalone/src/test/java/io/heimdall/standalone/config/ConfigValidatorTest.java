package io.heimdall.standalone.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidatorTest {

  private static ConfigValidator.Result validate(String yaml) {
    return ConfigValidator.validate(ConfigLoader.parse(new StringReader(yaml)));
  }

  @Test
  void anEmptyFileGivesAnAllInOneLoopbackNode() {
    ConfigValidator.Result result = validate("");

    assertThat(result.errors()).isEmpty();
    JsonObject config = result.config();
    assertThat(config.getJsonObject("clusterConfig").getString("env")).isEqualTo("heimdall");
    assertThat(config.getJsonObject("clusterConfig").getString("host")).isEqualTo("127.0.0.1");
    assertThat(config.getJsonObject("clusterConfig").getInteger("port")).isEqualTo(5701);
    assertThat(config.getJsonObject("clusterConfig").getJsonArray("seedEndpoints")).isEmpty();
    assertThat(config.getJsonObject("rpcConfig").getInteger("port")).isNull();
    JsonObject mqtt = config.getJsonObject("mqttServiceConfig").getJsonObject("server");
    assertThat(mqtt.getBoolean("enable")).isTrue();
    assertThat(mqtt.getJsonObject("tcpListener").getMap())
      .containsEntry("enable", true).containsEntry("host", "127.0.0.1").containsEntry("port", 1883);
    assertThat(mqtt.getJsonObject("wsListener").getMap())
      .containsEntry("enable", false).containsEntry("port", 8080).containsEntry("wsPath", "/mqtt");
    assertThat(config.getJsonObject("apiServerConfig").getMap())
      .containsEntry("enable", true).containsEntry("host", "127.0.0.1").containsEntry("port", 8091);
    for (String service : new String[] {"distServiceConfig", "inboxServiceConfig", "retainServiceConfig"}) {
      assertThat(config.getJsonObject(service).getJsonObject("server").getBoolean("enable")).isTrue();
    }
    JsonObject worker = config.getJsonObject("distServiceConfig").getJsonObject("worker");
    assertThat(worker.getBoolean("enable")).isTrue();
    assertThat(worker.getJsonObject("balanceConfig").getJsonObject("balancers")).isEmpty();
    assertThat(config.getJsonObject("sessionDictServiceConfig").getJsonObject("server").getBoolean("enable")).isTrue();
  }

  @Test
  void theShippedConfigFilesAreValid() throws Exception {
    Path shipped = Path.of("..", "conf", "standalone.yml");
    assertThat(Files.exists(shipped)).as("conf/standalone.yml exists").isTrue();

    JsonObject config = ConfigLoader.load(shipped);

    assertThat(config.getJsonObject("apiServerConfig").getInteger("port")).isEqualTo(8091);
    for (String node : new String[] {"node1", "node2"}) {
      JsonObject docker = ConfigLoader.load(Path.of("..", "conf", "docker", node + ".yml"));
      assertThat(docker.getJsonObject("clusterConfig").getString("host")).isEqualTo(node);
      assertThat(docker.getJsonObject("clusterConfig").getJsonArray("seedEndpoints").getList()).containsExactly("node1:5701");
    }
  }

  @Test
  void anUnknownKeyIsNamedByItsFullPath() {
    ConfigValidator.Result result = validate("""
      mqttServiceConfig:
        server:
          tcpListener:
            prot: 1883
      """);

    assertThat(result.valid()).isFalse();
    assertThat(result.errors()).singleElement().asString()
      .startsWith("mqttServiceConfig.server.tcpListener.prot: unknown key");
  }

  @Test
  void anUnknownTopLevelKeyIsRefused() {
    assertThat(validate("clusterConfg: {env: x}").errors()).singleElement().asString()
      .startsWith("clusterConfg: unknown key");
  }

  @Test
  void aPortOutOfRangeIsRefusedWithTheExpectedRange() {
    ConfigValidator.Result result = validate("""
      mqttServiceConfig:
        server:
          tcpListener:
            port: 70000
      """);

    assertThat(result.errors()).containsExactly("mqttServiceConfig.server.tcpListener.port: must be 1..65535, was 70000");
  }

  @Test
  void aValueOfTheWrongTypeIsRefused() {
    ConfigValidator.Result result = validate("""
      apiServerConfig:
        enable: yes please
        port: "8091"
      clusterConfig: 12
      """);

    assertThat(result.errors()).containsExactlyInAnyOrder(
      "apiServerConfig.enable: must be true or false, was a string \"yes please\"",
      "apiServerConfig.port: must be a whole number, was a string \"8091\"",
      "clusterConfig: must be a mapping of keys, was a number 12");
  }

  @Test
  void seedEndpointsAcceptAListOrACommaSeparatedStringAndCheckEachEntry() {
    assertThat(validate("clusterConfig: {seedEndpoints: '127.0.0.1:5701, 127.0.0.1:5702'}")
      .config().getJsonObject("clusterConfig").getJsonArray("seedEndpoints").getList())
      .containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(validate("clusterConfig: {seedEndpoints: ['127.0.0.1:5701', 'nohost']}").errors())
      .singleElement().asString().startsWith("clusterConfig.seedEndpoints[1]: must be host:port");
  }

  @Test
  void balancerRulesArePassedThroughUnchecked() {
    ConfigValidator.Result result = validate("""
      distServiceConfig:
        worker:
          dataDir: routes
          balanceConfig:
            balancers:
              org.apache.bifromq.dist.worker.balance.ReplicaCntBalancerFactory:
                votersPerRange: 3
                learnersPerRange: -1
      """);

    assertThat(result.errors()).isEmpty();
    JsonObject worker = result.config().getJsonObject("distServiceConfig").getJsonObject("worker");
    assertThat(worker.getString("dataDir")).isEqualTo("routes");
    assertThat(worker.getJsonObject("balanceConfig").getJsonObject("balancers")
      .getJsonObject("org.apache.bifromq.dist.worker.balance.ReplicaCntBalancerFactory").getInteger("votersPerRange"))
      .isEqualTo(3);
  }

  @Test
  void emptyValuesMeanDefaultsAsInBifroMqFiles() {
    ConfigValidator.Result result = validate("""
      authProviderFQN:
      clusterConfig:
        host:
        seedEndpoints:
      """);

    assertThat(result.errors()).isEmpty();
    assertThat(result.config().getJsonObject("clusterConfig").getString("host")).isEqualTo("127.0.0.1");
    assertThat(result.config().containsKey("authProviderFQN")).isFalse();
  }

  @Test
  void anEnabledTlsListenerNeedsItsCertificateAndKey() {
    assertThat(validate("mqttServiceConfig: {server: {tlsListener: {enable: true}}}").errors()).containsExactly(
      "mqttServiceConfig.server.tlsListener.sslConfig.certFile: required when the listener is enabled",
      "mqttServiceConfig.server.tlsListener.sslConfig.keyFile: required when the listener is enabled");
  }

  @Test
  void twoListenersOnOnePortAreRefused() {
    assertThat(validate("apiServerConfig: {port: 1883}").errors()).containsExactly(
      "mqttServiceConfig.server.tcpListener.port: port 1883 is already taken by apiServerConfig.port");
    assertThat(validate("apiServerConfig: {port: 1883, host: 127.0.0.2}").errors()).isEmpty();
  }

  @Test
  void aPluginNameMustLookLikeAClassName() {
    assertThat(validate("authProviderFQN: 'my plugin'").errors()).singleElement().asString()
      .startsWith("authProviderFQN: must be a fully qualified class name");
  }

  @Test
  void brokenYamlAndDuplicateKeysAreClearErrors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yml");
    Files.writeString(broken, "clusterConfig:\n  env: [unclosed\n");
    assertThatThrownBy(() -> ConfigLoader.load(broken)).isInstanceOf(ConfigException.class)
      .hasMessageContaining("not valid YAML");
    Path duplicate = dir.resolve("duplicate.yml");
    Files.writeString(duplicate, "apiServerConfig:\n  port: 1\napiServerConfig:\n  port: 2\n");
    assertThatThrownBy(() -> ConfigLoader.load(duplicate)).isInstanceOf(ConfigException.class)
      .hasMessageContaining("apiServerConfig");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yml"))).isInstanceOf(ConfigException.class)
      .hasMessageContaining("cannot read");
  }

  @Test
  void everyProblemIsReportedAtOnce(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, "rpcConfig: {port: 0}\napiServerConfig: {port: -1}\n");

    assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class,
      e -> assertThat(e.problems()).containsExactly(
        "rpcConfig.port: must be 1..65535, was 0", "apiServerConfig.port: must be 1..65535, was -1"));
  }
}
