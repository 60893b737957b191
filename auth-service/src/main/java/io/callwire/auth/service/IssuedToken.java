package io.callwire.auth.service;

import java.time.Instant;

/** A signed JWT and what the caller needs to know about it. */
public record IssuedToken(String jwt, String tokenId, Instant expiresAt, long expiresInSeconds) {
}
