package io.callwire.auth;

import java.util.List;

import io.callwire.contract.messaging.RevocationMessage;

/**
 * One page of the revocations in force, as {@code GET /api/v1/revocations} answers it.
 *
 * @param items revocations in the shape of the AMQP {@link RevocationMessage}, oldest first
 * @param next  cursor to pass as {@code after} for the next page; null when this page is the last
 */
public record RevocationPage(List<RevocationMessage> items, String next) {
}
