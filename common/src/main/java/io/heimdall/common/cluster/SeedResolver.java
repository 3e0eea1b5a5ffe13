package io.heimdall.common.cluster;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns the configured seeds and the cluster domain name into the TCP-IP member list of Hazelcast. */
public final class SeedResolver {
  private SeedResolver() {
  }

  /**
   * The explicit seed endpoints followed by every address the cluster domain name resolves to, on
   * the cluster port, in the address family of the member's own host (a member bound to an IPv4
   * interface cannot reach IPv6 seeds). Blocks on DNS: call it off the event loop.
   *
   * @throws IllegalArgumentException when the domain name or the host does not resolve
   */
  public static List<String> members(UnderlayConfig config) {
    Set<String> members = new LinkedHashSet<>(config.seedEndpoints());
    String domain = config.clusterDomainName();
    if (domain != null && !domain.isBlank()) {
      boolean ipv4 = resolve("clusterConfig.host", config.host()) instanceof Inet4Address;
      for (InetAddress address : resolveAll(domain)) {
        if ((address instanceof Inet4Address) == ipv4) {
          members.add(endpoint(address.getHostAddress(), config.port()));
        }
      }
    }
    return List.copyOf(members);
  }

  /** The address of {@code host}; an unresolvable host is an error naming the config {@code key}. */
  static InetAddress resolve(String key, String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(key + ": cannot resolve " + host, e);
    }
  }

  private static InetAddress[] resolveAll(String domain) {
    try {
      return InetAddress.getAllByName(domain);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("clusterConfig.clusterDomainName: cannot resolve " + domain, e);
    }
  }

  private static String endpoint(String ip, int port) {
    return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
  }
}
