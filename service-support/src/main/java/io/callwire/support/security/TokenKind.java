package io.callwire.support.security;

import java.util.Set;

import io.callwire.contract.security.TokenClaims;

/** What a token was minted for, decided by its audience (and, for REST tokens, whether an API client holds it). */
public enum TokenKind {

    /** A user's REST access token ({@code aud = callwire-api}, 15 minutes). */
    ACCESS("an access token"),
    /** An API client's REST token from the client-credentials grant ({@code aud = callwire-api}, {@code client_id}). */
    CLIENT_CREDENTIALS("a client-credentials token"),
    /** A real-time token ({@code aud = callwire-rte}, 2 hours): {@code /rte} and {@code /socket.io/} only. */
    RTE("an RTE token"),
    /** Any other audience: accepted nowhere. */
    UNKNOWN("a token of no Callwire audience");

    private final String description;

    TokenKind(String description) {
        this.description = description;
    }

    /** For problem details: "an RTE token". */
    public String description() {
        return description;
    }

    /** The kind of a token with these audiences and this {@code client_id} claim (null for users). */
    public static TokenKind of(Set<String> audiences, String clientId) {
        if (audiences.contains(TokenClaims.AUDIENCE_API)) {
            return clientId == null ? ACCESS : CLIENT_CREDENTIALS;
        }
        if (audiences.contains(TokenClaims.AUDIENCE_RTE)) {
            return RTE;
        }
        return UNKNOWN;
    }
}
