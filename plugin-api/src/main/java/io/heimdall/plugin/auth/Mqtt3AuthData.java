package io.heimdall.plugin.auth;

import java.util.Optional;

/**
 * What an MQTT 3.1 / 3.1.1 client presents in CONNECT.
 *
 * @param protocolLevel 3 for MQTT 3.1, 4 for 3.1.1
 * @param clientId      the client identifier (possibly broker-assigned)
 * @param username      the user name, if any
 * @param password      the password bytes, if any
 * @param remoteAddress the client's host:port
 * @param tlsPeerCertificateSubject subject of the client certificate over mutual TLS, if any
 */
public record Mqtt3AuthData(int protocolLevel, String clientId, Optional<String> username, Optional<byte[]> password,
                            String remoteAddress, Optional<String> tlsPeerCertificateSubject) {
}
