package io.heimdall.kv.landscape;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.store.KVRangeStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one store's descriptor in the replicated map {@code landscape.<storeName>} keyed by store id, and removes the
 * entries of Hazelcast members that left. Each entry is tagged with the publishing member's uuid for that purpose.
 */
public final class LandscapePublisher {
    /** The descriptor attribute naming the Hazelcast member that published it. */
    public static final String MEMBER_ATTR = "hz.member";

    private static final Logger LOG = LoggerFactory.getLogger(LandscapePublisher.class);

    private final HazelcastInstance hz;
    private final String storeName;
    private final String storeId;
    private final ExecutorService executor;
    private final AtomicReference<StoreDescriptor> pending = new AtomicReference<>();
    private volatile ReplicatedMap<String, String> map;
    private volatile UUID membershipReg;
    private volatile AutoCloseable storeSub;
    private String lastPublished;
    private long lastPublishedHlc = Long.MIN_VALUE;

    public LandscapePublisher(HazelcastInstance hz, String storeName, String storeId) {
        this.hz = hz;
        this.storeName = storeName;
        this.storeId = storeId;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "landscape-publisher-" + storeName);
            t.setDaemon(true);
            return t;
        });
    }

    /** The replicated map holding the landscape of a store name. */
    public static String mapName(String storeName) {
        return "landscape." + storeName;
    }

    /** Starts publishing {@code store}'s descriptor now and on every change. */
    public static CompletableFuture<LandscapePublisher> attach(HazelcastInstance hz, KVRangeStore store) {
        LandscapePublisher p = new LandscapePublisher(hz, store.storeName(), store.id());
        return p.start().thenApply(v -> {
            p.storeSub = store.onDescriptorChange(p::publish);
            p.publish(store.describe());
            return p;
        });
    }

    /** Registers the membership listener and clears entries of members that left before we joined. */
    public CompletableFuture<Void> start() {
        return CompletableFuture.runAsync(() -> {
            map = hz.getReplicatedMap(mapName(storeName));
            membershipReg = hz.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent e) {
                    executor.execute(() -> restoreOwnEntry());
                }

                @Override
                public void memberRemoved(MembershipEvent e) {
                    executor.execute(() -> removeDeparted());
                }
            });
            removeDeparted();
        }, executor);
    }

    /**
     * Publishes a descriptor (from any thread); a burst of changes collapses into the latest one, and a descriptor
     * older (by hlc) than one already published is dropped.
     */
    public void publish(StoreDescriptor d) {
        if (!d.id().equals(storeId)) {
            throw new IllegalArgumentException("descriptor of store " + d.id() + " given to publisher of " + storeId);
        }
        pending.accumulateAndGet(d, (cur, next) -> cur == null || next.hlc() >= cur.hlc() ? next : cur);
        executor.execute(this::flush);
    }

    /** Stops publishing and removes this store's entry. */
    public CompletableFuture<Void> stop() {
        AutoCloseable sub = storeSub;
        if (sub != null) {
            try {
                sub.close();
            } catch (Exception e) {
                LOG.warn("unsubscribing from store {} failed", storeId, e);
            }
        }
        return CompletableFuture.runAsync(() -> {
            pending.set(null);
            if (membershipReg != null) {
                hz.getCluster().removeMembershipListener(membershipReg);
            }
            if (map != null && hz.getLifecycleService().isRunning()) {
                map.remove(storeId);
            }
        }, executor).whenComplete((v, e) -> executor.shutdown());
    }

    private void flush() {
        StoreDescriptor d = pending.getAndSet(null);
        if (d == null || map == null || d.hlc() < lastPublishedHlc || !hz.getLifecycleService().isRunning()) {
            return;
        }
        Map<String, String> attrs = new HashMap<>(d.attributes());
        attrs.put(MEMBER_ATTR, hz.getCluster().getLocalMember().getUuid().toString());
        StoreDescriptor tagged = new StoreDescriptor(d.id(), d.hostId(), d.raftEndpoint(), attrs, d.statistics(),
            d.ranges(), d.hlc());
        lastPublished = DescriptorJson.encode(tagged);
        lastPublishedHlc = d.hlc();
        map.put(storeId, lastPublished);
    }

    /** After a split brain heals, the other side may have removed this store as departed: put it back. */
    private void restoreOwnEntry() {
        if (lastPublished != null && hz.getLifecycleService().isRunning() && !map.containsKey(storeId)) {
            map.put(storeId, lastPublished);
        }
    }

    private void removeDeparted() {
        if (!hz.getLifecycleService().isRunning()) {
            return;
        }
        Set<String> live = hz.getCluster().getMembers().stream()
            .map(Member::getUuid).map(UUID::toString).collect(Collectors.toSet());
        for (Map.Entry<String, String> e : map.entrySet()) {
            String member = memberOf(e.getValue());
            if (member != null && !live.contains(member)) {
                LOG.info("removing store {} of departed member {} from {}", e.getKey(), member, mapName(storeName));
                map.remove(e.getKey(), e.getValue());
            }
        }
    }

    private static String memberOf(String json) {
        try {
            return DescriptorJson.decodeStore(json).attributes().get(MEMBER_ATTR);
        } catch (IllegalArgumentException e) {
            // an unreadable entry has no owner we can check; the Landscape already ignores it
            return null;
        }
    }
}
