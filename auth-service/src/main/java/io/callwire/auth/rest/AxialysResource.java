package io.callwire.auth.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.auth.AxialysTokenRequest;
import io.callwire.auth.service.AxialysSessionService;
import io.callwire.auth.service.OAuthException;
import io.callwire.support.rest.ProblemException;
import io.callwire.support.rest.Problems;
import io.callwire.support.security.ClientAddressResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The session calls of the Axialys notification API, under {@code /axialys} so that a client
 * moves by changing its base URL: {@code POST /axialys/ws/} with the {@code X-JSON} header
 * ({@code requete} {@code init} or {@code refresh_token}) and {@code POST /axialys/vm/token} with
 * HTTP Basic credentials. Errors are problem+json.
 */
@Path("/axialys")
@Tag(name = "Axialys sessions")
public class AxialysResource {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final AxialysSessionService sessions;
    private final ClientAddressResolver addresses;
    private final ObjectMapper mapper;

    public AxialysResource(AxialysSessionService sessions, ClientAddressResolver addresses, ObjectMapper mapper) {
        this.sessions = sessions;
        this.addresses = addresses;
        this.mapper = mapper;
    }

    @POST
    @Path("/ws")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "X-JSON requete init (supervisor login and password) or refresh_token (header.id_session)")
    public Uni<Response> ws(@HeaderParam("X-JSON") String xJson, HttpServerRequest request) {
        String address = addresses.resolve(request);
        JsonNode message;
        try {
            message = xJson == null || xJson.isBlank() ? null : mapper.readTree(xJson);
        } catch (java.io.IOException e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            return Uni.createFrom().failure(ProblemException.invalid("X-JSON", "the X-JSON header must hold a JSON object"));
        }
        JsonNode header = message.path("header");
        String requete = message.path("requete").asText("");
        return switch (requete) {
            case "init" -> {
                String type = header.path("account_type").asText(header.path("count_type").asText(AxialysSessionService.TYPE_SUPERVISOR));
                if (!AxialysSessionService.TYPE_SUPERVISOR.equals(type)) {
                    yield Uni.createFrom().failure(ProblemException.invalid("header.account_type", "must be supervisor"));
                }
                yield sessions.init(text(header, "login"), text(header, "password"), address).map(AxialysResource::noStore);
            }
            case "refresh_token" -> sessions.refresh(text(header, "id_session"), address).map(AxialysResource::noStore);
            default -> Uni.createFrom().failure(ProblemException.invalid("requete", "must be init or refresh_token"));
        };
    }

    @POST
    @Path("/vm/token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "HTTP Basic user or API client and {\"user_type\": \"api\"|\"agent\"|\"supervisor\"} -> id_session, expire, target, id_client")
    public Uni<Response> token(@HeaderParam("Authorization") String authorization, AxialysTokenRequest body,
                               HttpServerRequest request) {
        String address = addresses.resolve(request);
        String[] credentials = basic(authorization);
        if (credentials == null) {
            return Uni.createFrom().failure(ProblemException.unauthorized("HTTP Basic credentials are required"));
        }
        return sessions.token(credentials[0], credentials[1], body == null ? null : body.userType(), address)
                .map(AxialysResource::noStore);
    }

    /** As everywhere, but a 401 here asks for HTTP Basic credentials (or a session), not a bearer token. */
    @ServerExceptionMapper
    public Response refused(ProblemException e, UriInfo uri) {
        Response response = Problems.response(e, uri.getPath());
        if (e.status() == 401) {
            return Response.fromResponse(response).header("WWW-Authenticate", null)
                    .header("WWW-Authenticate", "Basic realm=\"callwire\"").header("Cache-Control", "no-store").build();
        }
        return Response.fromResponse(response).header("Cache-Control", "no-store").build();
    }

    /** The sign-in throttle speaks OAuth; these endpoints answer its lockout as problem+json. */
    @ServerExceptionMapper
    public Response throttled(OAuthException e, UriInfo uri) {
        return Problems.response(e.status(), null, e.getMessage(), uri.getPath(), null, e.retryAfterSeconds());
    }

    private static Response noStore(Object body) {
        return Response.ok(body).header("Cache-Control", "no-store").build();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
