package io.heimdall.plugin.balancer;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.plugin.loader.PluginMeter;

import java.util.Optional;

/** A client balancer whose calls are timed and whose failures are counted. */
public final class MeteredClientBalancer implements ClientBalancer {
  private final ClientBalancer delegate;
  private final PluginMeter meter;

  /** Wraps the balancer. */
  public MeteredClientBalancer(ClientBalancer delegate, PluginMeter meter) {
    this.delegate = delegate;
    this.meter = meter;
  }

  @Override
  public Optional<Redirection> needRedirect(ClientInfo client) {
    return meter.call("needRedirect", () -> delegate.needRedirect(client));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
