package io.heimdall.retain.store;

/**
 * What a retain.store mutation did.
 *
 * @param result         the typed result
 * @param expiredRemoved how many expired messages it removed on the way
 */
public record MutationOutcome(RetainResult result, int expiredRemoved) {
}
