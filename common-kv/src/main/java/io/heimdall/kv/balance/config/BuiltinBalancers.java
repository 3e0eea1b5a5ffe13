package io.heimdall.kv.balance.config;

import io.heimdall.kv.balance.impl.RangeBootstrapBalancerFactory;
import io.heimdall.kv.balance.impl.RangeLeaderBalancerFactory;
import io.heimdall.kv.balance.impl.RangeMergeBalancerFactory;
import io.heimdall.kv.balance.impl.RangeSplitBalancerFactory;
import io.heimdall.kv.balance.impl.RedundantRangeRemovalBalancerFactory;
import io.heimdall.kv.balance.impl.ReplicaCntBalancerFactory;
import io.heimdall.kv.balance.impl.UnreachableReplicaRemovalBalancerFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in factories, which of them are always on, and the reference system's factory names that stand for
 * them ({@code org.apache.bifromq.<service>.balance.<Name>Factory} and the older {@code com.baidu.bifromq} ones).
 */
public final class BuiltinBalancers {
    /** Run by every store and cannot be disabled, in the order they are asked. */
    public static final List<String> ALWAYS_ON = List.of(
        RangeBootstrapBalancerFactory.class.getName(),
        RedundantRangeRemovalBalancerFactory.class.getName(),
        UnreachableReplicaRemovalBalancerFactory.class.getName());

    private static final List<String> REFERENCE_PACKAGES = List.of(
        "org.apache.bifromq.dist.worker.balance.", "org.apache.bifromq.inbox.store.balance.",
        "org.apache.bifromq.retain.store.balance.", "org.apache.bifromq.basekv.balance.impl.",
        "com.baidu.bifromq.dist.worker.balance.", "com.baidu.bifromq.inbox.store.balance.",
        "com.baidu.bifromq.retain.store.balance.", "com.baidu.bifromq.basekv.balance.impl.");

    private static final Map<String, String> ALIASES = aliases();

    private BuiltinBalancers() {
    }

    private static Map<String, String> aliases() {
        Map<String, Class<?>> bySimpleName = Map.of(
            "ReplicaCntBalancerFactory", ReplicaCntBalancerFactory.class,
            "RangeLeaderBalancerFactory", RangeLeaderBalancerFactory.class,
            "RangeSplitBalancerFactory", RangeSplitBalancerFactory.class,
            "RangeBootstrapBalancerFactory", RangeBootstrapBalancerFactory.class,
            "RedundantRangeRemovalBalancerFactory", RedundantRangeRemovalBalancerFactory.class,
            "RedundantEpochRemovalBalancerFactory", RedundantRangeRemovalBalancerFactory.class,
            "UnreachableReplicaRemovalBalancerFactory", UnreachableReplicaRemovalBalancerFactory.class,
            "DistWorkerSplitBalancerFactory", RangeSplitBalancerFactory.class);
        Map<String, String> out = new HashMap<>();
        for (String pkg : REFERENCE_PACKAGES) {
            bySimpleName.forEach((name, cls) -> out.put(pkg + name, cls.getName()));
        }
        out.put("io.heimdall.kv.balance.impl.RedundantEpochRemovalBalancerFactory",
            RedundantRangeRemovalBalancerFactory.class.getName());
        out.put(RangeMergeBalancerFactory.class.getName(), RangeMergeBalancerFactory.class.getName());
        return Map.copyOf(out);
    }

    /** The class name to load for {@code factoryName}: the built-in one for a reference alias, else itself. */
    public static String canonical(String factoryName) {
        return ALIASES.getOrDefault(factoryName, factoryName);
    }

    public static boolean isAlwaysOn(String factoryName) {
        return ALWAYS_ON.contains(canonical(factoryName));
    }
}
