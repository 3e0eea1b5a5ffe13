package io.heimdall.inbox.store;

import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVRangeCoProcFactory;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.range.KVRangeId;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/** Plugs the inbox.store logic into the store; splits only between inboxes, never inside one. */
public final class InboxStoreCoProcFactory implements KVRangeCoProcFactory {
  @Override
  public KVRangeCoProc create(String storeName, String storeId, KVRangeId id, Supplier<KVReader> latestReader) {
    return new InboxStoreCoProc(latestReader);
  }

  @Override
  public Optional<byte[]> toSplitKey(byte[] key) {
    try {
      String[] owner = InboxKeys.owner(key);
      byte[] start = InboxKeys.meta(owner[0], owner[1]);
      return Optional.of(Arrays.copyOf(start, start.length));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
