package io.heimdall.standalone.config;

import io.heimdall.standalone.config.Setting.Flag;
import io.heimdall.standalone.config.Setting.FreeForm;
import io.heimdall.standalone.config.Setting.Section;
import io.heimdall.standalone.config.Setting.Text;
import io.heimdall.standalone.config.Setting.TextList;
import io.heimdall.standalone.config.Setting.Whole;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The keys of {@code standalone.yml} (BifroMQ's names), their types and their defaults. */
public final class NodeConfigSchema {
  /** Every interface of a default node: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  private static final Text HOST = new Text(DEFAULT_HOST, Pattern.compile("[A-Za-z0-9._:\\-\\[\\]]+"),
    "a host name or IP address");
  private static final Text ENDPOINT = new Text(null,
    Pattern.compile("[A-Za-z0-9._\\-]+:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"),
    "host:port with a port 1..65535");
  private static final Text FQN = new Text(null,
    Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*"), "a fully qualified class name");
  private static final Text PATH = new Text(null, Pattern.compile("\\S.*"), "a non-blank path");

  /** The whole file. */
  public static final Section ROOT = section(
    "clusterConfig", section(
      "env", new Text("heimdall", Pattern.compile("[A-Za-z0-9._\\-]+"), "a name of letters, digits, '.', '_' or '-'"),
      "host", HOST,
      "port", port(5701),
      "clusterDomainName", new Text(null, Pattern.compile("[A-Za-z0-9.\\-]+"), "a DNS name"),
      "seedEndpoints", new TextList(ENDPOINT)),
    "rpcConfig", section(
      "host", new Text(null, HOST.shape(), HOST.expected()),
      "port", port(null)),
    "mqttServiceConfig", section(
      "server", section(
        "enable", new Flag(true),
        // Unset: the MQTT server's own default (256 KiB of payload plus headers).
        "maxMsgByteSize", new Whole(null, 1, 268_435_455),
        "tcpListener", listener(true, 1883, false, false),
        "wsListener", listener(false, 8080, true, false),
        "tlsListener", listener(false, 1884, false, true),
        "wssListener", listener(false, 8443, true, true))),
    "distServiceConfig", section("server", server(), "worker", store()),
    "inboxServiceConfig", section("server", server(), "store", store()),
    "retainServiceConfig", section("server", server(), "store", store()),
    "sessionDictServiceConfig", section("server", server()),
    "apiServerConfig", section(
      "enable", new Flag(true),
      "host", HOST,
      "port", port(8091)),
    "authProviderFQN", FQN,
    "clientBalancerFQN", FQN,
    "settingProviderFQN", FQN,
    "eventCollectorFQN", FQN,
    "resourceThrottlerFQN", FQN);

  private NodeConfigSchema() {
  }

  private static Whole port(Integer defaultPort) {
    return new Whole(defaultPort, 1, 65535);
  }

  private static Section server() {
    return section("enable", new Flag(true));
  }

  private static Section store() {
    return section(
      "enable", new Flag(true),
      // Unset: <DATA_DIR>/<store name>; relative: under DATA_DIR.
      "dataDir", PATH,
      "balanceConfig", section("balancers", new FreeForm()));
  }

  private static Section listener(boolean enabled, int port, boolean webSocket, boolean tls) {
    Map<String, Setting> keys = new LinkedHashMap<>();
    keys.put("enable", new Flag(enabled));
    keys.put("host", HOST);
    keys.put("port", port(port));
    if (webSocket) {
      keys.put("wsPath", new Text("/mqtt", Pattern.compile("/\\S*"), "a path starting with '/'"));
    }
    if (tls) {
      keys.put("sslConfig", section(
        "certFile", PATH,
        "keyFile", PATH,
        "trustCertsFile", PATH,
        "clientAuth", new Text("NONE", Pattern.compile("NONE|OPTIONAL|REQUIRE"), "NONE, OPTIONAL or REQUIRE")));
    }
    return new Section(keys);
  }

  private static Section section(Object... namesAndSettings) {
    Map<String, Setting> keys = new LinkedHashMap<>();
    for (int i = 0; i < namesAndSettings.length; i += 2) {
      keys.put((String) namesAndSettings[i], (Setting) namesAndSettings[i + 1]);
    }
    return new Section(keys);
  }
}
