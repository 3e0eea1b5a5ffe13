package io.heimdall.plugin.auth;

/**
 * One AUTH packet step of MQTT 5 enhanced authentication.
 *
 * @param initial    the CONNECT data that opened the exchange
 * @param authMethod the method, equal to the one in CONNECT
 * @param authData   the data of this AUTH packet
 * @param reAuth     true when the client re-authenticates an established session (reason 0x19)
 */
public record Mqtt5ExtendedAuthData(Mqtt5AuthData initial, String authMethod, byte[] authData, boolean reAuth) {
}
