package io.callwire.admin.security;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.admin.SignedInUser;

/**
 * Reads who signed in from an access token's claims. The signature is not checked here on purpose:
 * the token came straight from auth-service in the answer to our own request, and every service the
 * console calls verifies it; the console only uses the claims to choose what to show.
 */
final class TokenClaims {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenClaims() {
    }

    static SignedInUser userOf(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a JWT");
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            List<String> roles = new ArrayList<>();
            claims.path("groups").forEach(role -> roles.add(role.asText()));
            return new SignedInUser(UUID.fromString(claims.path("sub").asText()),
                    UUID.fromString(claims.path("org").asText()), claims.path("upn").asText(), roles);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable token claims", e);
        }
    }
}
