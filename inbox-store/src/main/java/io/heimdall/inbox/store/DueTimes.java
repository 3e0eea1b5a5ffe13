package io.heimdall.inbox.store;

import java.util.HashMap;
import java.util.Map;

/**
 * When each detached inbox of a range next needs the collector (its will or its expiry), kept in memory so that the
 * leader's frequent "anything due?" question never scans the store. It mirrors the range's metadata: built from a
 * scan, then kept in step by the mutations that change attachment, wills or expiry.
 */
final class DueTimes {
  private final Map<String, Long> byInbox = new HashMap<>();

  void track(String tenantId, String inboxId, InboxMeta meta) {
    String key = tenantId + '\u0000' + inboxId;
    if (meta == null || meta.attached) {
      byInbox.remove(key);
    } else {
      byInbox.put(key, meta.will == null ? meta.expiresAt() : Math.min(meta.willDueAt(), meta.expiresAt()));
    }
  }

  int countDue(long nowMillis) {
    int due = 0;
    for (long at : byInbox.values()) {
      if (nowMillis >= at) {
        due++;
      }
    }
    return due;
  }
}
