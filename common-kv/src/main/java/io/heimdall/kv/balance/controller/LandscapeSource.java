package io.heimdall.kv.balance.controller;

import io.heimdall.kv.landscape.Landscape;
import io.heimdall.kv.range.StoreDescriptor;
import java.util.Collection;

/** Where a controller reads the landscape of its store name from and hears that it changed. */
public interface LandscapeSource {
    /** Every store of the store name as currently known. */
    Collection<StoreDescriptor> current();

    /** Calls {@code listener} (on any thread) after every change; close the handle to stop. */
    AutoCloseable onChange(Runnable listener);

    /** The landscape mirrored from Hazelcast by {@code landscape}. */
    static LandscapeSource of(Landscape landscape) {
        return new LandscapeSource() {
            @Override
            public Collection<StoreDescriptor> current() {
                return landscape.current().values();
            }

            @Override
            public AutoCloseable onChange(Runnable listener) {
                return landscape.onChange(snapshot -> listener.run());
            }
        };
    }
}
