package io.heimdall.plugin.throttler;

/** The default throttler: no tenant is ever short of anything. */
public final class UnlimitedResourceThrottler implements ResourceThrottler {
  @Override
  public boolean hasResource(String tenantId, TenantResourceType type) {
    return true;
  }
}
