package io.callwire.support.security;

import java.util.List;

import io.callwire.contract.messaging.RevocationMessage;

/**
 * Fired (synchronously, as a CDI event) by {@link RevocationSync} with the revocations it has just
 * recorded that this replica did not know yet, so that a service holding long-lived sessions (the
 * WebSockets of subscription-service) can close the ones they cover. REST callers need nothing: the
 * next request is checked against the registry.
 */
public record RevocationsLearnt(List<RevocationMessage> revocations) {
}
