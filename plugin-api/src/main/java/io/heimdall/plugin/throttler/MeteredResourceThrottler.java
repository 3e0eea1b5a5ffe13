package io.heimdall.plugin.throttler;

import io.heimdall.plugin.loader.PluginMeter;

/** A resource throttler whose calls are timed; a failing throttler is counted and grants the resource. */
public final class MeteredResourceThrottler implements ResourceThrottler {
  private final ResourceThrottler delegate;
  private final PluginMeter meter;

  /** Wraps the throttler. */
  public MeteredResourceThrottler(ResourceThrottler delegate, PluginMeter meter) {
    this.delegate = delegate;
    this.meter = meter;
  }

  @Override
  public boolean hasResource(String tenantId, TenantResourceType type) {
    try {
      return meter.call("hasResource", () -> delegate.hasResource(tenantId, type));
    } catch (RuntimeException e) {
      // A broken throttler must not take the broker down with it: fail open.
      return true;
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
