package io.heimdall.plugin.throttler;

/** Tells whether a tenant still has a resource; called on the event loop, so it must answer from memory. */
public interface ResourceThrottler {
  /** True when the tenant may use more of the resource. */
  boolean hasResource(String tenantId, TenantResourceType type);

  /** Releases resources when the broker stops. */
  default void close() {
  }
}
