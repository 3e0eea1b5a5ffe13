package io.heimdall.sessiondict;

/** Identity of an online session: a client id is unique only within its tenant. */
public record SessionKey(String tenantId, String clientId) {
}
