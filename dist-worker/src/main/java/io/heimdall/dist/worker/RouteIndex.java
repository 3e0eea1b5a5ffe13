package io.heimdall.dist.worker;

import io.heimdall.common.topic.TopicFilter;
import io.heimdall.common.topic.TopicLimits;
import io.heimdall.common.topic.TopicTrie;
import io.heimdall.kv.coproc.KVIterator;
import io.heimdall.kv.coproc.KVReader;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of one range replica in memory, one topic trie per tenant, so matching never scans
 * the store. It mirrors the range's data: rebuilt from a reader, then kept in step by the mutations.
 */
final class RouteIndex {
  private final Map<String, TopicTrie<Route>> tries = new HashMap<>();

  static RouteIndex load(KVReader reader) {
    RouteIndex index = new RouteIndex();
    try (KVIterator it = reader.iterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        index.add(RouteKeys.parse(it.key()));
      }
    }
    return index;
  }

  void add(Route route) {
    tries.computeIfAbsent(route.tenantId(), t -> new TopicTrie<>()).add(plain(route), route);
  }

  void remove(Route route) {
    TopicTrie<Route> trie = tries.get(route.tenantId());
    if (trie != null && trie.remove(plain(route), route) && trie.size() == 0) {
      tries.remove(route.tenantId());
    }
  }

  List<Route> match(String tenantId, String topic) {
    TopicTrie<Route> trie = tries.get(tenantId);
    return trie == null ? List.of() : trie.match(topic);
  }

  private static String plain(Route route) {
    return TopicFilter.parse(route.rawFilter(), TopicLimits.UNLIMITED).filter();
  }
}
