package io.heimdall.kv.balance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heimdall.kv.balance.impl.RangeLeaderBalancerFactory;
import io.heimdall.kv.balance.impl.RangeSplitBalancerFactory;
import io.heimdall.kv.balance.impl.RedundantRangeRemovalBalancerFactory;
import io.heimdall.kv.balance.impl.ReplicaCntBalancerFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BalancerConfigTest {
    private static final String PATH = "distServiceConfig.worker.balanceConfig.balancers";
    private static final String REPLICA = ReplicaCntBalancerFactory.class.getName();
    private static final String LEADER = RangeLeaderBalancerFactory.class.getName();
    private static final String SPLIT = RangeSplitBalancerFactory.class.getName();

    private static List<String> names(List<ConfiguredBalancer> bs) {
        return bs.stream().map(ConfiguredBalancer::factoryClass).toList();
    }

    @Test
    void referenceDefaultsPerStore() {
        List<ConfiguredBalancer> dist = BalancerConfig.parse("dist.worker", PATH, null);
        assertThat(names(dist)).containsExactly(REPLICA, LEADER);
        assertThat(dist.get(0).rules()).isEqualTo(new JsonObject().put("votersPerRange", 3).put("learnersPerRange", -1));

        List<ConfiguredBalancer> inbox = BalancerConfig.parse("inbox.store", "inboxServiceConfig.store.x", null);
        assertThat(names(inbox)).containsExactly(REPLICA, SPLIT, LEADER);
        assertThat(inbox.get(0).rules()).isEqualTo(new JsonObject().put("votersPerRange", 1).put("learnersPerRange", 0));
        assertThat(inbox.get(1).rules().getDouble("maxCpuUsagePerRange")).isEqualTo(0.8);

        List<ConfiguredBalancer> retain = BalancerConfig.parse("retain.store", "retainServiceConfig.store.x", null);
        assertThat(names(retain)).containsExactly(REPLICA, SPLIT);
        assertThat(retain.get(0).rules().getInteger("votersPerRange")).isEqualTo(3);
    }

    @Test
    void systemPropertiesSetTheDefaultVoterCount() {
        Properties p = new Properties();
        p.setProperty("inbox_store_range_voter_count", "3");
        p.setProperty("dist_worker_range_voter_count", "5");
        assertThat(BalancerDefaults.forStore("inbox.store", p).get(REPLICA).getInteger("votersPerRange")).isEqualTo(3);
        assertThat(BalancerDefaults.forStore("dist.worker", p).get(REPLICA).getInteger("votersPerRange")).isEqualTo(5);
        assertThat(BalancerDefaults.forStore("retain.store", p).get(REPLICA).getInteger("votersPerRange")).isEqualTo(3);
        p.setProperty("retain_store_range_voter_count", "4");
        assertThatThrownBy(() -> BalancerDefaults.forStore("retain.store", p))
            .hasMessageContaining("retain_store_range_voter_count");
    }

    @Test
    void referenceFactoryNamesAreAliasesAndMissingRulesComeFromTheStoreDefaults() {
        JsonObject section = new JsonObject()
            .put("org.apache.bifromq.inbox.store.balance.ReplicaCntBalancerFactory", new JsonObject()
                .put("learnersPerRange", 2))
            .put("org.apache.bifromq.inbox.store.balance.RangeLeaderBalancerFactory", new JsonObject());
        List<ConfiguredBalancer> bs = BalancerConfig.parse("inbox.store", PATH, section);
        assertThat(names(bs)).containsExactly(REPLICA, LEADER);
        assertThat(bs.get(0).rules()).isEqualTo(new JsonObject().put("votersPerRange", 1).put("learnersPerRange", 2));
        assertThat(BuiltinBalancers.canonical("org.apache.bifromq.dist.worker.balance.RedundantEpochRemovalBalancerFactory"))
            .isEqualTo(RedundantRangeRemovalBalancerFactory.class.getName());
        assertThat(BuiltinBalancers.isAlwaysOn("com.baidu.bifromq.retain.store.balance.RangeBootstrapBalancerFactory"))
            .isTrue();
    }

    @Test
    void anEmptySectionRunsOnlyTheAlwaysOnBalancers() {
        assertThat(BalancerConfig.parse("dist.worker", PATH, new JsonObject())).isEmpty();
    }

    @Test
    void errorsNameTheKeyPath() {
        JsonObject section = new JsonObject()
            .put(REPLICA, new JsonObject().put("votersPerRange", 2))
            .put("com.example.Missing", new JsonObject())
            .put(SPLIT, "fast")
            .put(LEADER, new JsonObject().put("speed", 1));
        assertThatThrownBy(() -> BalancerConfig.parse("dist.worker", PATH, section))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(PATH + "." + REPLICA + ".votersPerRange: must be odd and > 0")
            .hasMessageContaining(PATH + ".com.example.Missing: balancer factory class not found")
            .hasMessageContaining(PATH + "." + SPLIT + ": rules must be an object")
            .hasMessageContaining(PATH + "." + LEADER + ".speed: unknown rule");
    }

    @Test
    void aClassThatIsNoFactoryIsRefused() {
        assertThatThrownBy(() -> BalancerConfig.parse("dist.worker", PATH,
            new JsonObject().put("java.lang.String", new JsonObject())))
            .hasMessageContaining(PATH + ".java.lang.String: java.lang.String is not a");
    }
}
