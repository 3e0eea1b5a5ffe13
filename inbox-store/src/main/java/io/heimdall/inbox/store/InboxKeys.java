package io.heimdall.inbox.store;

import io.heimdall.kv.range.Boundary;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The order-preserving key layout of inboxes: {@code tenant 0x00 inboxId 0x00 kind [rest]}, kind 0 the metadata,
 * 1 a subscription (rest = filter), 2 and 3 the QoS 0 and QoS 1/2 queues (rest = 8-byte big-endian sequence
 * number). All keys of an inbox lie in {@code [tenant 0 inbox 0, tenant 0 inbox 1)}, so an inbox never straddles a
 * split point chosen between inboxes, and the metadata key comes first.
 */
public final class InboxKeys {
  static final byte META = 0;
  static final byte SUB = 1;
  /** Kind of the QoS 0 queue. */
  public static final byte QOS0 = 2;
  /** Kind of the QoS 1/2 queue. */
  public static final byte QOS12 = 3;

  private InboxKeys() {
  }

  /** The first key of an inbox: its metadata; clients route every command of the inbox by it. */
  public static byte[] meta(String tenantId, String inboxId) {
    return withKind(tenantId, inboxId, META, new byte[0]);
  }

  static byte[] sub(String tenantId, String inboxId, String filter) {
    return withKind(tenantId, inboxId, SUB, filter.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] message(String tenantId, String inboxId, byte queue, long seq) {
    return withKind(tenantId, inboxId, queue, ByteBuffer.allocate(8).putLong(seq).array());
  }

  static byte[] kindStart(String tenantId, String inboxId, byte kind) {
    return withKind(tenantId, inboxId, kind, new byte[0]);
  }

  static long seqOf(byte[] key) {
    return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
  }

  /** Every key of one inbox. */
  static Boundary inboxSpan(String tenantId, String inboxId) {
    byte[] prefix = prefix(tenantId, inboxId);
    byte[] end = prefix.clone();
    end[end.length - 1] = 1;
    return new Boundary(prefix, end);
  }

  /** The (tenant, inbox) a key of this layout belongs to. */
  static String[] owner(byte[] key) {
    String s = new String(key, StandardCharsets.UTF_8);
    int first = s.indexOf('\u0000');
    int second = s.indexOf('\u0000', first + 1);
    if (first <= 0 || second <= first + 1) {
      throw new IllegalArgumentException("not an inbox key: " + Arrays.toString(key));
    }
    return new String[] {s.substring(0, first), s.substring(first + 1, second)};
  }

  /** Refuses ids that would break the layout. */
  static void check(String tenantId, String inboxId) {
    for (String part : new String[] {tenantId, inboxId}) {
      if (part == null || part.isEmpty() || part.indexOf('\u0000') >= 0) {
        throw new IllegalArgumentException("tenant and inbox ids must be non-empty and free of U+0000");
      }
    }
  }

  private static byte[] prefix(String tenantId, String inboxId) {
    check(tenantId, inboxId);
    return (tenantId + '\u0000' + inboxId + '\u0000').getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] withKind(String tenantId, String inboxId, byte kind, byte[] rest) {
    byte[] prefix = prefix(tenantId, inboxId);
    byte[] key = Arrays.copyOf(prefix, prefix.length + 1 + rest.length);
    key[prefix.length] = kind;
    System.arraycopy(rest, 0, key, prefix.length + 1, rest.length);
    return key;
  }
}
