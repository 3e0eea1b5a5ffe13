package io.heimdall.retain.store;

import io.heimdall.common.topic.TopicMatcher;
import io.heimdall.kv.coproc.KVIterator;
import io.heimdall.kv.coproc.KVReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds a range's unexpired retained messages that match a filter, in key order: a filter without wildcards is one
 * lookup, one with wildcards scans the keys under its literal prefix.
 */
final class RetainMatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RetainMatcher.class);

  private RetainMatcher() {
  }

  static List<RetainedMessage> match(KVReader reader, MatchQuery q) {
    List<RetainedMessage> out = new ArrayList<>();
    if (q.limit() <= 0) {
      return out;
    }
    if (q.filter().indexOf('+') < 0 && q.filter().indexOf('#') < 0) {
      byte[] key = RetainKeys.key(q.tenantId(), q.filter());
      if (reader.boundary().contains(key)) {
        Optional<byte[]> value = reader.get(key);
        value.ifPresent(v -> addUnexpired(out, key, v, q.nowMillis()));
      }
      return out;
    }
    byte[] prefix = RetainKeys.scanPrefix(q.tenantId(), q.filter());
    try (KVIterator it = reader.iterator()) {
      for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix) && out.size() < q.limit(); it.next()) {
        byte[] key = it.key();
        if (TopicMatcher.matches(q.filter(), RetainKeys.topic(key))) {
          addUnexpired(out, key, it.value(), q.nowMillis());
        }
      }
    }
    return out;
  }

  private static void addUnexpired(List<RetainedMessage> out, byte[] key, byte[] value, long nowMillis) {
    try {
      RetainedMessage m = RetainStoreWire.readValue(RetainKeys.topic(key), value);
      if (!m.message().isExpired(nowMillis)) {
        out.add(m);
      }
    } catch (IllegalArgumentException e) {
      // One unreadable value (written by a newer schema) must not hide the others.
      LOG.warn("skipping unreadable retained value at {}: {}", Arrays.toString(key), e.getMessage());
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
