package io.callwire.notifier.rest;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.callwire.contract.security.TokenClaims;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.RequestScoped;

/** The organization of the authenticated caller, from the {@code org} claim of its token. */
@RequestScoped
public class Caller {

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    /** The caller's organization; a token without one is forbidden. */
    public UUID organizationId() {
        Object claim = token.getClaim(TokenClaims.ORGANIZATION);
        if (claim == null) {
            throw new ForbiddenException("the token carries no organization");
        }
        try {
            return UUID.fromString(claim.toString().replace("\"", ""));
        } catch (IllegalArgumentException e) {
            throw new ForbiddenException("the token's organization is not a GUID");
        }
    }
}
