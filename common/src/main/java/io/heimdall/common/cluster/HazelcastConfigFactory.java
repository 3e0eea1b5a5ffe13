package io.heimdall.common.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.util.List;

/** Builds the Hazelcast member configuration of one underlay member. */
public final class HazelcastConfigFactory {
  private HazelcastConfigFactory() {
  }

  /**
   * Vert.x's own map settings plus the member address, the join list and the quiet, fast-joining
   * properties. Blocks on DNS: call it off the event loop.
   */
  public static Config create(UnderlayConfig underlay) {
    // Vert.x's default file carries the backup settings of its subscription and node-info maps.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(underlay.env());
    NetworkConfig network = config.getNetworkConfig();
    String bindIp = SeedResolver.resolve("clusterConfig.host", underlay.host()).getHostAddress();
    network.setPort(underlay.port()).setPortAutoIncrement(false);
    network.getInterfaces().clear().setEnabled(true).addInterface(bindIp);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = SeedResolver.members(underlay);
    join.getTcpIpConfig().setEnabled(true)
      .setMembers(members.isEmpty() ? List.of(bindIp + ":" + underlay.port()) : members);
    config.getMemberAttributeConfig().setAttribute(MemberAttributes.PID, Long.toString(ProcessHandle.current().pid()));
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // The node closes Vert.x (and with it Hazelcast) in its own shutdown sequence.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    return config;
  }
}
