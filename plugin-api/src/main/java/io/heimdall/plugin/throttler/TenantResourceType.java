package io.heimdall.plugin.throttler;

/** Tenant resources a throttler may cap. */
public enum TenantResourceType {
  TotalConnections,
  TotalSessionMemoryBytes,
  TotalPersistentSessions,
  TotalTransientSubscriptions,
  TotalPersistentSubscriptions,
  TotalInboundBytesPerSecond,
  TotalOutboundBytesPerSecond,
  TotalRetainMessageSpaceBytes,
  TotalConnectPerSecond
}
