package io.heimdall.plugin.auth;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.plugin.loader.PluginMeter;

import java.util.concurrent.CompletableFuture;

/** An auth provider whose calls are timed and whose failures are counted. */
public final class MeteredAuthProvider implements AuthProvider {
  private final AuthProvider delegate;
  private final PluginMeter meter;

  /** Wraps the provider. */
  public MeteredAuthProvider(AuthProvider delegate, PluginMeter meter) {
    this.delegate = delegate;
    this.meter = meter;
  }

  @Override
  public CompletableFuture<AuthResult> auth(Mqtt3AuthData authData) {
    return meter.callAsync("auth", () -> delegate.auth(authData));
  }

  @Override
  public CompletableFuture<AuthResult> auth(Mqtt5AuthData authData) {
    return meter.callAsync("auth", () -> delegate.auth(authData));
  }

  @Override
  public CompletableFuture<AuthResult> extendedAuth(Mqtt5ExtendedAuthData authData) {
    return meter.callAsync("extendedAuth", () -> delegate.extendedAuth(authData));
  }

  @Override
  public CompletableFuture<Boolean> checkPermission(ClientInfo client, MqttAction action) {
    return meter.callAsync("checkPermission", () -> delegate.checkPermission(client, action));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
