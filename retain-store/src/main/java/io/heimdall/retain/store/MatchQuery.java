package io.heimdall.retain.store;

/**
 * Looks up the retained messages whose topics match a filter.
 *
 * @param tenantId  the tenant
 * @param filter    a plain (not shared) topic filter
 * @param limit     the most messages to answer
 * @param nowMillis the time messages are judged expired at
 */
record MatchQuery(String tenantId, String filter, int limit, long nowMillis) {
}
