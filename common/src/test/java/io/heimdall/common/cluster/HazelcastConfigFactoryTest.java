package io.heimdall.common.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HazelcastConfigFactoryTest {

  @Test
  void mapsClusterConfigOntoTheMember() {
    UnderlayConfig underlay = UnderlayConfig.from(new JsonObject()
      .put("env", "prod").put("host", "127.0.0.1").put("port", 6000)
      .put("seedEndpoints", "127.0.0.1:6001, 127.0.0.1:6002"), new JsonObject());

    Config config = HazelcastConfigFactory.create(underlay);

    assertThat(config.getClusterName()).isEqualTo("prod");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(6000);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:6001", "127.0.0.1:6002");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    assertThat(config.getProperty("hazelcast.max.wait.seconds.before.join")).isEqualTo("0");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getMemberAttributeConfig().getAttribute(MemberAttributes.PID))
      .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    // Vert.x's own map settings survive.
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
  }

  @Test
  void defaultsToOneLoopbackMemberWithTheEventBusOnTheSameHost() {
    UnderlayConfig underlay = UnderlayConfig.from(new JsonObject(), new JsonObject());

    assertThat(underlay.env()).isEqualTo(UnderlayConfig.DEFAULT_ENV);
    assertThat(underlay.rpcHost()).isEqualTo("127.0.0.1");
    assertThat(underlay.rpcPort()).isNull();
    assertThat(HazelcastConfigFactory.create(underlay).getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
      .containsExactly("127.0.0.1:5701");
  }

  @Test
  void resolvesTheClusterDomainNameToSeedsOnTheClusterPort() {
    UnderlayConfig underlay = UnderlayConfig.from(new JsonObject()
      .put("port", 6100).put("clusterDomainName", "localhost")
      .put("seedEndpoints", new JsonArray().add("127.0.0.1:6200")), new JsonObject());

    List<String> members = SeedResolver.members(underlay);

    assertThat(members).containsExactly("127.0.0.1:6200", "127.0.0.1:6100");
  }

  @Test
  void anUnresolvableDomainNameIsAClearError() {
    UnderlayConfig underlay = UnderlayConfig.from(
      new JsonObject().put("clusterDomainName", "no-such-host.invalid"), new JsonObject());

    assertThatThrownBy(() -> SeedResolver.members(underlay))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("clusterConfig.clusterDomainName");
  }
}
