package io.heimdall.dist.worker;

import io.heimdall.kv.range.Boundary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The order-preserving key layout of routes: {@code tenant 0x00 rawFilter 0x00 receiver}. Every
 * key of a tenant lies in {@code [tenant 0x00, tenant 0x01)}, so ranges split cleanly between
 * tenants, and the filters of one tenant are contiguous and sorted.
 */
public final class RouteKeys {
  private RouteKeys() {
  }

  /** The key of a route. */
  public static byte[] key(Route route) {
    return (route.tenantId() + '\u0000' + route.rawFilter() + '\u0000' + route.receiverServerId())
      .getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a route key; fails on keys that are not in the layout. */
  public static Route parse(byte[] key) {
    String s = new String(key, StandardCharsets.UTF_8);
    int first = s.indexOf('\u0000');
    int last = s.lastIndexOf('\u0000');
    if (first <= 0 || last == first) {
      throw new IllegalArgumentException("not a route key: " + Arrays.toString(key));
    }
    return new Route(s.substring(0, first), s.substring(first + 1, last), s.substring(last + 1));
  }

  /** The key interval holding every route of a tenant. */
  public static Boundary tenantSpan(String tenantId) {
    byte[] tenant = tenantId.getBytes(StandardCharsets.UTF_8);
    byte[] start = Arrays.copyOf(tenant, tenant.length + 1);
    byte[] end = Arrays.copyOf(tenant, tenant.length + 1);
    end[tenant.length] = 1;
    return new Boundary(start, end);
  }
}
