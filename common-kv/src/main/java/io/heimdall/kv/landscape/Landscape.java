package io.heimdall.kv.landscape;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.heimdall.kv.range.StoreDescriptor;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current descriptors of every store of one store name, read from the replicated map
 * {@code landscape.<storeName>}. Listeners get an immutable snapshot on every change, on a Hazelcast event thread:
 * keep them short. Also resolves a store id to its Raft endpoint for the engine.
 */
public final class Landscape {
    private static final Logger LOG = LoggerFactory.getLogger(Landscape.class);

    private final HazelcastInstance hz;
    private final String storeName;
    private final Map<String, StoreDescriptor> stores = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Map<String, StoreDescriptor>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, StoreDescriptor> snapshot = Map.of();
    private volatile ReplicatedMap<String, String> map;
    private volatile UUID registration;

    public Landscape(HazelcastInstance hz, String storeName) {
        this.hz = hz;
        this.storeName = storeName;
    }

    public String storeName() {
        return storeName;
    }

    /** Subscribes to the map and loads what it holds; blocking on Hazelcast, so call it off the event loop. */
    public Landscape start() {
        map = hz.getReplicatedMap(LandscapePublisher.mapName(storeName));
        registration = map.addEntryListener(new Listener());
        synchronized (this) {
            map.forEach(this::apply);
            refresh();
        }
        return this;
    }

    public void stop() {
        if (registration != null && hz.getLifecycleService().isRunning()) {
            map.removeEntryListener(registration);
        }
        listeners.clear();
    }

    /** Every known store by id, as an immutable snapshot. */
    public Map<String, StoreDescriptor> current() {
        return snapshot;
    }

    public Optional<StoreDescriptor> store(String storeId) {
        return Optional.ofNullable(snapshot.get(storeId));
    }

    /** The {@code host:port} of a store's Raft server; the engine's peer resolver. */
    public Optional<String> raftEndpoint(String storeId) {
        return store(storeId).map(StoreDescriptor::raftEndpoint);
    }

    /** Calls {@code listener} with the current snapshot and on every change; close the handle to stop. */
    public AutoCloseable onChange(Consumer<Map<String, StoreDescriptor>> listener) {
        listeners.add(listener);
        listener.accept(snapshot);
        return () -> listeners.remove(listener);
    }

    private synchronized void changed(String storeId, String json) {
        if (json == null) {
            stores.remove(storeId);
        } else {
            apply(storeId, json);
        }
        refresh();
    }

    private void apply(String storeId, String json) {
        try {
            StoreDescriptor d = DescriptorJson.decodeStore(json);
            if (!d.id().equals(storeId)) {
                LOG.warn("ignoring landscape entry {} of {}: it describes store {}", storeId, storeName, d.id());
                return;
            }
            // events and the initial load may interleave: never go back to an older descriptor
            stores.merge(storeId, d, (old, next) -> next.hlc() >= old.hlc() ? next : old);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring unreadable landscape entry {} of {}: {}", storeId, storeName, e.getMessage());
        }
    }

    private void refresh() {
        Map<String, StoreDescriptor> next = Map.copyOf(stores);
        if (next.equals(snapshot)) {
            return;
        }
        snapshot = next;
        for (Consumer<Map<String, StoreDescriptor>> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("landscape listener of {} failed", storeName, e);
            }
        }
    }

    private final class Listener implements EntryListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            changed(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
            changed(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> e) {
            changed(e.getKey(), null);
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> e) {
            changed(e.getKey(), null);
        }

        @Override
        public void entryExpired(EntryEvent<String, String> e) {
            changed(e.getKey(), null);
        }

        @Override
        public void mapCleared(MapEvent e) {
            reload();
        }

        @Override
        public void mapEvicted(MapEvent e) {
            reload();
        }
    }

    private synchronized void reload() {
        stores.clear();
        map.forEach(this::apply);
        refresh();
    }
}
