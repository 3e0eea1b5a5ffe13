package io.heimdall.common.cluster;

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
   * the cluster port. Blocks on DNS: call it off the event loop.
   *
   * @throws IllegalArgumentException when the domain name does not resolve
   */
  public static List<String> members(UnderlayConfig config) {
    Set<String> members = new LinkedHashSet<>(config.seedEndpoints());
    String domain = config.clusterDomainName();
    if (domain != null && !domain.isBlank()) {
      try {
        for (InetAddress address : InetAddress.getAllByName(domain)) {
          members.add(endpoint(address.getHostAddress(), config.port()));
        }
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("clusterConfig.clusterDomainName: cannot resolve " + domain, e);
      }
    }
    return List.copyOf(members);
  }

  private static String endpoint(String ip, int port) {
    return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
  }
}
