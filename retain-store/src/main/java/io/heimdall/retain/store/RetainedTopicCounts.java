package io.heimdall.retain.store;

import io.heimdall.kv.coproc.KVIterator;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.range.Boundary;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many retained topics each tenant holds in one range: counted from the data on first use and kept up to date
 * by the mutations, so the limit check does not scan the tenant on every retain. Being derived only from the range's
 * data, it is the same on every replica.
 */
final class RetainedTopicCounts {
  private final Map<String, Integer> counts = new HashMap<>();

  int of(String tenantId, KVReader reader) {
    Integer known = counts.get(tenantId);
    if (known != null) {
      return known;
    }
    int n = count(tenantId, reader);
    counts.put(tenantId, n);
    return n;
  }

  /** The count when the mutations keep it. */
  Optional<Integer> known(String tenantId) {
    return Optional.ofNullable(counts.get(tenantId));
  }

  /** Counts the tenant's keys in a view of the range. */
  static int count(String tenantId, KVReader reader) {
    Boundary span = RetainKeys.tenantSpan(tenantId);
    int n = 0;
    try (KVIterator it = reader.iterator()) {
      for (it.seek(span.start()); it.isValid() && span.contains(it.key()); it.next()) {
        n++;
      }
    }
    return n;
  }

  void added(String tenantId) {
    counts.computeIfPresent(tenantId, (t, n) -> n + 1);
  }

  void removed(String tenantId) {
    counts.computeIfPresent(tenantId, (t, n) -> n - 1);
  }

  /** Forgets every count, after the range's data changed under them (split, merge, snapshot). */
  void clear() {
    counts.clear();
  }
}
