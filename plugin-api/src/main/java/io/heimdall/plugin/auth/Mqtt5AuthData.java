package io.heimdall.plugin.auth;

import io.heimdall.common.message.UserProperty;

import java.util.List;
import java.util.Optional;

/**
 * What an MQTT 5 client presents in CONNECT, including the enhanced-authentication method and data.
 *
 * @param clientId       the client identifier (possibly broker-assigned)
 * @param username       the user name, if any
 * @param password       the password bytes, if any
 * @param authMethod     the authentication method property, if any
 * @param authData       the authentication data property, if any
 * @param userProperties user properties of CONNECT
 * @param remoteAddress  the client's host:port
 * @param tlsPeerCertificateSubject subject of the client certificate over mutual TLS, if any
 */
public record Mqtt5AuthData(String clientId, Optional<String> username, Optional<byte[]> password,
                            Optional<String> authMethod, Optional<byte[]> authData, List<UserProperty> userProperties,
                            String remoteAddress, Optional<String> tlsPeerCertificateSubject) {
}
