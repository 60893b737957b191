package io.callwire.subscription.endpoint;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.subscription.Caller;
import io.callwire.subscription.service.EntityService;
import io.callwire.subscription.service.RevocationSync;
import io.callwire.subscription.security.ClientAddress;
import io.callwire.subscription.security.ConnectionTokens;
import io.callwire.subscription.security.TokenVerifier;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP side of the SignalR transport at {@code /rte}: {@code POST /rte/negotiate} and the
 * WebSocket upgrade. Plain Vert.x routes rather than websockets-next, because the hub needs what
 * only the raw WebSocket gives: 401 before the upgrade for every bad token, per-connection write
 * queue control (slow consumers), text and binary frames alike, and zero-copy writes of spliced
 * records.
 */
@ApplicationScoped
public class RteEndpoint {

    /** Path of the hub. */
    public static final String PATH = "/rte";

    private static final Logger LOG = Logger.getLogger(RteEndpoint.class);

    private final Vertx vertx;
    private final TokenVerifier verifier;
    private final ConnectionTokens connectionTokens;
    private final ClientAddress clientAddress;
    private final RteHub hub;
    private final ObjectMapper mapper;
    private final EntityService entities;
    private final StartupGate startupGate;

    public RteEndpoint(Vertx vertx, TokenVerifier verifier, ConnectionTokens connectionTokens,
                       ClientAddress clientAddress, RteHub hub, ObjectMapper mapper, EntityService entities,
                       RevocationSync revocationSync) {
        this.entities = entities;
        this.startupGate = new StartupGate(revocationSync::loaded);
        this.vertx = vertx;
        this.verifier = verifier;
        this.connectionTokens = connectionTokens;
        this.clientAddress = clientAddress;
        this.hub = hub;
        this.mapper = mapper;
    }

    void routes(@Observes Router router) {
        // the gate first: until the revocations in force are loaded no token can be trusted
        router.post(PATH + "/negotiate").handler(startupGate).handler(this::negotiate);
        router.get(PATH).handler(startupGate).handler(this::upgrade);
    }

    private void negotiate(RoutingContext ctx) {
        authenticate(ctx, caller -> {
            ctx.request().resume();
            UUID connectionId = UUID.randomUUID();
            String connectionToken = connectionTokens.issue(connectionId, caller.subject());
            ObjectNode body = mapper.createObjectNode();
            if (negotiateVersion(ctx) >= 1) {
                body.put("negotiateVersion", 1).put("connectionId", connectionId.toString())
                        .put("connectionToken", connectionToken);
            } else {
                // version 0 clients send the connection id back as `id`: it must be the signed token
                body.put("connectionId", connectionToken);
            }
            ObjectNode transport = body.putArray("availableTransports").addObject().put("transport", "WebSockets");
            transport.putArray("transferFormats").add("Text").add("Binary");
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.toString());
        });
    }

    private static int negotiateVersion(RoutingContext ctx) {
        try {
            String value = ctx.request().getParam("negotiateVersion");
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void upgrade(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            problem(ctx, 400, "WebSocket upgrade required",
                    "Connect with a SignalR client: POST " + PATH + "/negotiate, then a WebSocket to " + PATH);
            return;
        }
        authenticate(ctx, caller -> {
            String id = request.getParam("id");
            UUID connectionId;
            if (id == null) {
                connectionId = UUID.randomUUID(); // the client skipped negotiation
            } else {
                Optional<UUID> negotiated = connectionTokens.verify(id, caller.subject());
                if (negotiated.isEmpty()) {
                    unauthorized(ctx, "The connection token is invalid, expired or was issued to someone else");
                    return;
                }
                connectionId = negotiated.get();
            }
            if (hub.connectionsOf(caller.subject()) >= hub.maxConnectionsPerUser()) {
                problem(ctx, 429, "Too Many Requests", "This user already has the maximum of "
                        + hub.maxConnectionsPerUser() + " connections");
                return;
            }
            String address = clientAddress.of(request);
            // the event loop's base context, not the request's duplicate: deliveries are grouped per loop
            Context context = ((io.vertx.core.impl.ContextInternal) Vertx.currentContext()).unwrap();
            // still paused since authenticate: toWebSocket resumes it and takes over the connection
            request.toWebSocket().onSuccess(socket -> {
                if (!hub.open(socket, caller, connectionId, address, context)) {
                    socket.writeTextMessage("{\"type\":7,\"error\":\"Too many connections for this user\",\"allowReconnect\":false}\u001e");
                    socket.close();
                    return;
                }
                entities.registerFromToken(caller).subscribe().with(ok -> { },
                        failure -> LOG.warnf("user %s not registered: %s", caller.subject(), failure.getMessage()));
            }).onFailure(error -> LOG.debugf("WebSocket upgrade failed: %s", error.getMessage()));
        });
    }

    /**
     * Verifies the bearer token (header or {@code access_token}) off the event loop, then checks
     * the IP binding; answers 401 itself when anything is wrong.
     */
    private void authenticate(RoutingContext ctx, java.util.function.Consumer<Caller> next) {
        HttpServerRequest request = ctx.request();
        String token = bearerToken(request);
        if (token == null) {
            unauthorized(ctx, "A bearer token is required (Authorization header or access_token parameter)");
            return;
        }
        request.pause(); // keep the upgrade request intact while the token is verified on a worker
        vertx.executeBlocking(() -> verifier.verify(token), false).onComplete(result -> {
            Optional<Caller> caller = result.succeeded() ? result.result() : Optional.empty();
            if (caller.isEmpty()) {
                unauthorized(ctx, "The token is invalid, expired or revoked");
                return;
            }
            Optional<String> boundIp = caller.get().boundIp();
            if (boundIp.isPresent() && !ClientAddress.sameAddress(boundIp.get(), clientAddress.of(request))) {
                unauthorized(ctx, "The token is bound to another client address");
                return;
            }
            next.accept(caller.get());
        });
    }

    private static String bearerToken(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return request.getParam("access_token");
    }

    private void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        problem(ctx, 401, "Unauthorized", detail);
    }

    /** Answers with a problem+json document (RFC 9457) instead of upgrading. */
    static void problem(RoutingContext ctx, int status, String title, String detail) {
        ctx.request().resume(); // paused while authenticating; the request is answered here, not upgraded
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", title)
                .put("status", status).put("detail", detail).put("instance", ctx.request().path());
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end(body.encode());
    }
}
