package io.callwire.auth.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callwire.auth.config.AuthConfig;
import io.callwire.auth.service.KeyRing;
import io.smallrye.common.annotation.NonBlocking;

/** Public key discovery: the JWKS every service verifies with, and OpenID-style metadata. */
@Path("/.well-known")
@Tag(name = "Discovery")
@Produces(MediaType.APPLICATION_JSON)
public class WellKnownResource {

    private final KeyRing keys;
    private final AuthConfig config;

    public WellKnownResource(KeyRing keys, AuthConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @GET
    @Path("/jwks.json")
    @NonBlocking
    @Operation(summary = "Public signing keys (current, upcoming and retired-but-still-valid)")
    public Response jwks() {
        // short cache: a verifier must see a new key within the activation delay
        return Response.ok(keys.jwks()).header("Cache-Control", "public, max-age=10").build();
    }

    @GET
    @Path("/openid-configuration")
    @NonBlocking
    @Operation(summary = "Issuer metadata (RFC 8414 members for what this server has)")
    public Map<String, Object> configuration() {
        String issuer = config.issuer();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("jwks_uri", issuer + "/.well-known/jwks.json");
        metadata.put("token_endpoint", issuer + "/oauth/token");
        metadata.put("revocation_endpoint", issuer + "/oauth/revoke");
        metadata.put("grant_types_supported", List.of("password", "client_credentials", "refresh_token"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        // only what exists: no authorization endpoint (so no response types) and no ID tokens
        metadata.put("claims_supported", List.of("iss", "aud", "sub", "org", "groups", "upn", "iat", "exp", "jti", "sid", "ip",
                "token_use", "client_id", "act"));
        return metadata;
    }
}
