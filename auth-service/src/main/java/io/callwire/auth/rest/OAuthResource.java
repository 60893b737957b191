package io.callwire.auth.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callwire.support.security.ClientAddressResolver;
import io.callwire.auth.service.OAuthException;
import io.callwire.auth.service.TokenEndpointLimiter;
import io.callwire.auth.service.TokenService;
import io.callwire.auth.service.TokenService.ClientCredentials;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The OAuth 2.0 token endpoint (RFC 6749) and revocation endpoint (RFC 7009). Form-encoded; clients
 * authenticate with HTTP Basic or {@code client_id}/{@code client_secret} form fields.
 */
@Path("/oauth")
@Tag(name = "OAuth 2.0")
public class OAuthResource {

    private final TokenService tokens;
    private final ClientAddressResolver addresses;
    private final TokenEndpointLimiter limiter;

    public OAuthResource(TokenService tokens, ClientAddressResolver addresses, TokenEndpointLimiter limiter) {
        this.tokens = tokens;
        this.addresses = addresses;
        this.limiter = limiter;
    }

    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue tokens: grant_type password, client_credentials or refresh_token; bind_ip=true binds the access token to the caller's address")
    public Uni<Response> token(MultivaluedMap<String, String> form, HttpHeaders headers, HttpServerRequest request) {
        String address = addresses.resolve(request);
        limiter.admit(address);
        String grantType = single(form, "grant_type", true);
        ClientCredentials client = clientCredentials(form, headers);
        boolean bindIp = "true".equalsIgnoreCase(single(form, "bind_ip", false));
        Uni<io.callwire.auth.TokenResponse> issued = switch (grantType) {
            case "password" -> tokens.password(single(form, "username", true), single(form, "password", true), client, address, bindIp);
            case "client_credentials" -> tokens.clientCredentials(client, address, bindIp);
            case "refresh_token" -> tokens.refresh(single(form, "refresh_token", true), client, address, bindIp);
            default -> throw OAuthException.unsupportedGrantType();
        };
        return issued.map(body -> Response.ok(body).header("Cache-Control", "no-store").header("Pragma", "no-cache").build());
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Revoke an access token (announced on AMQP) or a refresh token (its family); always 200 for a well-formed request")
    public Uni<Response> revoke(MultivaluedMap<String, String> form, HttpHeaders headers, HttpServerRequest request) {
        String address = addresses.resolve(request);
        limiter.admit(address);
        String token = single(form, "token", true);
        single(form, "token_type_hint", false);
        return tokens.revoke(token, clientCredentials(form, headers), address)
                .map(ignored -> Response.ok().header("Cache-Control", "no-store").build());
    }

    /** A parameter that must appear at most once (RFC 6749 3.2), and exactly once when required. */
    private static String single(MultivaluedMap<String, String> form, String name, boolean required) {
        List<String> values = form.get(name);
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isEmpty()) {
            if (required) {
                throw OAuthException.invalidRequest("Missing parameter: " + name);
            }
            return null;
        }
        if (values.size() > 1) {
            throw OAuthException.invalidRequest("Repeated parameter: " + name);
        }
        return values.get(0);
    }

    private static ClientCredentials clientCredentials(MultivaluedMap<String, String> form, HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        String formId = single(form, "client_id", false);
        String formSecret = single(form, "client_secret", false);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (formSecret != null) {
                throw OAuthException.invalidRequest("Use one client authentication method only");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidClient();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw OAuthException.invalidClient();
            }
            // RFC 6749 2.3.1: both parts are form-urlencoded before Basic encoding
            return new ClientCredentials(urlDecode(decoded.substring(0, colon)), urlDecode(decoded.substring(colon + 1)));
        }
        if (formSecret != null) {
            return new ClientCredentials(formId, formSecret);
        }
        return null;
    }

    /** A part that is not valid form-urlencoding ({@code %zz}) cannot name a client: invalid_client, not a 500. */
    private static String urlDecode(String value) {
        try {
            return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient();
        }
    }
}
