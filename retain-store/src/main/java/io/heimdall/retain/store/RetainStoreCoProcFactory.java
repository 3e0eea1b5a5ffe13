package io.heimdall.retain.store;

import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.range.KVRangeId;

import java.util.function.Supplier;

/** Plugs the retain.store logic into the store. */
public final class RetainStoreCoProcFactory implements KVRangeCoProcFactory {
  @Override
  public KVRangeCoProc create(String storeName, String storeId, KVRangeId id, Supplier<KVReader> latestReader) {
    return new RetainStoreCoProc();
  }
}
