package io.heimdall.kv.balance.runtime;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.heimdall.kv.balance.config.BuiltinBalancers;
import io.heimdall.kv.balance.controller.BalanceController;
import io.heimdall.kv.balance.controller.BalancerStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one store's {@link BalanceController} to the cluster: applies the proposals of
 * {@code balancer.proposal.<storeName>} (the latest hlc per balancer wins; a proposal the controller refuses, such
 * as invalid rules or disabling an always-on balancer, is logged and skipped) and reports the effective state in
 * {@code balancer.state.<storeName>} under the store id. Works on its own thread, never on Hazelcast's.
 */
public final class BalancerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BalancerRuntime.class);

    private final HazelcastInstance hz;
    private final String storeName;
    private final String storeId;
    private final BalanceController controller;
    private final ExecutorService thread;
    private final Map<String, Long> seenHlc = new HashMap<>();
    private final Map<String, Long> acceptedHlc = new HashMap<>();
    private ReplicatedMap<String, String> proposals;
    private ReplicatedMap<String, String> states;
    private UUID registration;

    public BalancerRuntime(HazelcastInstance hz, String storeName, String storeId, BalanceController controller) {
        this.hz = hz;
        this.storeName = storeName;
        this.storeId = storeId;
        this.controller = controller;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "balancer-runtime-" + storeName + "-" + storeId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Subscribes, applies the proposals already made and reports the state; blocks on Hazelcast. */
    public BalancerRuntime start() {
        proposals = hz.getReplicatedMap(BalancerMaps.proposals(storeName));
        states = hz.getReplicatedMap(BalancerMaps.states(storeName));
        registration = proposals.addEntryListener(new Listener());
        Map<String, String> existing = new LinkedHashMap<>();
        proposals.forEach(existing::put);
        submit(() -> {
            existing.forEach(this::apply);
            publish();
        });
        return this;
    }

    private void submit(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} {}: balancer runtime task failed", storeName, storeId, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void apply(String factoryKey, String json) {
        String factory = BuiltinBalancers.canonical(factoryKey);
        BalancerProposal p;
        try {
            p = BalancerProposal.fromJson(json);
        } catch (IllegalArgumentException e) {
            LOG.warn("{} {}: ignoring unreadable proposal for {}: {}", storeName, storeId, factoryKey, e.getMessage());
            return;
        }
        if (p.hlc() <= seenHlc.getOrDefault(factory, 0L)) {
            return;
        }
        seenHlc.put(factory, p.hlc());
        if (!controller.factories().contains(factory)) {
            LOG.debug("{} {}: proposal for {}, which this store does not run", storeName, storeId, factory);
            return;
        }
        try {
            if (p.rules() != null) {
                controller.updateRules(factory, p.rules()).join();
            }
            controller.setDisabled(factory, p.disable()).join();
            acceptedHlc.put(factory, p.hlc());
        } catch (CompletionException e) {
            LOG.warn("{} {}: refused proposal for {}: {}", storeName, storeId, factory,
                e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
    }

    private void publish() {
        Map<String, BalancerStatus> status = controller.status().join();
        Map<String, BalancerState> out = new LinkedHashMap<>();
        status.forEach((f, s) -> out.put(f, new BalancerState(s.disable(), s.loadRules(),
            acceptedHlc.getOrDefault(f, 0L))));
        states.put(storeId, BalancerState.encode(out));
    }

    /** Unsubscribes and withdraws this store's state. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hz.getLifecycleService().isRunning()) {
            if (registration != null) {
                proposals.removeEntryListener(registration);
            }
            if (states != null) {
                states.remove(storeId);
            }
        }
    }

    private final class Listener implements EntryListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            changed(e);
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
            changed(e);
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> e) {
            // a withdrawn proposal leaves the store as it is
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> e) {
            // as removed
        }

        @Override
        public void entryExpired(EntryEvent<String, String> e) {
            // as removed
        }

        @Override
        public void mapCleared(MapEvent e) {
            // as removed
        }

        @Override
        public void mapEvicted(MapEvent e) {
            // as removed
        }

        private void changed(EntryEvent<String, String> e) {
            String key = e.getKey();
            String value = e.getValue();
            submit(() -> {
                apply(key, value);
                publish();
            });
        }
    }
}
