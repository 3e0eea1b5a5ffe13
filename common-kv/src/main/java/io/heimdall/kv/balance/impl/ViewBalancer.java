package io.heimdall.kv.balance.impl;

import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.range.StoreDescriptor;
import java.util.Set;

/** Base of the built-in balancers: they all read the landscape through a {@link LandscapeView}. */
abstract class ViewBalancer implements StoreBalancer {
    protected final String storeName;
    protected final String localStoreId;

    ViewBalancer(String storeName, String localStoreId) {
        this.storeName = storeName;
        this.localStoreId = localStoreId;
    }

    @Override
    public final void update(Set<StoreDescriptor> landscape) {
        update(LandscapeView.of(landscape));
    }

    @Override
    public abstract void update(LandscapeView landscape);
}
