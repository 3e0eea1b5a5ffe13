package io.heimdall.retain.store;

import io.heimdall.kv.range.Boundary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The order-preserving key layout of retained messages: {@code tenant 0x00 topic}. MQTT forbids U+0000 in topics
 * and tenants carry none, so every key of a tenant lies in {@code [tenant 0x00, tenant 0x01)}: ranges split cleanly
 * between tenants, and inside a tenant the topics sharing a literal prefix are contiguous, which is what filter
 * matching scans.
 */
public final class RetainKeys {
  private static final char SEP = '\u0000';

  private RetainKeys() {
  }

  /** The key of the retained message of a topic; fails on a tenant or topic the layout cannot hold. */
  public static byte[] key(String tenantId, String topic) {
    checkTenant(tenantId);
    if (topic == null || topic.isEmpty() || topic.indexOf(SEP) >= 0) {
      throw new IllegalArgumentException("topic must be non-empty without U+0000");
    }
    return (tenantId + SEP + topic).getBytes(StandardCharsets.UTF_8);
  }

  /** The topic a key belongs to. */
  public static String topic(byte[] key) {
    String s = new String(key, StandardCharsets.UTF_8);
    int sep = s.indexOf(SEP);
    if (sep <= 0 || sep == s.length() - 1) {
      throw new IllegalArgumentException("not a retain key: " + Arrays.toString(key));
    }
    return s.substring(sep + 1);
  }

  /** The tenant a key belongs to. */
  public static String tenant(byte[] key) {
    String s = new String(key, StandardCharsets.UTF_8);
    int sep = s.indexOf(SEP);
    if (sep <= 0) {
      throw new IllegalArgumentException("not a retain key: " + Arrays.toString(key));
    }
    return s.substring(0, sep);
  }

  /** The key interval holding every retained message of a tenant. */
  public static Boundary tenantSpan(String tenantId) {
    checkTenant(tenantId);
    byte[] tenant = tenantId.getBytes(StandardCharsets.UTF_8);
    byte[] start = Arrays.copyOf(tenant, tenant.length + 1);
    byte[] end = Arrays.copyOf(tenant, tenant.length + 1);
    end[tenant.length] = 1;
    return new Boundary(start, end);
  }

  /**
   * The key prefix every topic a filter may match starts with: the tenant and the filter's literal levels before
   * its first wildcard. A trailing {@code /#} also matches its parent level, so its slash is left out.
   */
  public static byte[] scanPrefix(String tenantId, String filter) {
    checkTenant(tenantId);
    int plus = filter.indexOf('+');
    int hash = filter.indexOf('#');
    int wildcard = plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
    String literal = wildcard < 0 ? filter : filter.substring(0, wildcard);
    if (wildcard == hash && literal.endsWith("/")) {
      literal = literal.substring(0, literal.length() - 1);
    }
    return (tenantId + SEP + literal).getBytes(StandardCharsets.UTF_8);
  }

  private static void checkTenant(String tenantId) {
    if (tenantId == null || tenantId.isEmpty() || tenantId.indexOf(SEP) >= 0) {
      throw new IllegalArgumentException("tenant id must be non-empty without U+0000");
    }
  }
}
