package io.callwire.subscription.endpoint;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.subscription.security.ConnectionTokens;
import io.callwire.support.security.RevocationSync;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /rte/negotiate}: the SignalR negotiation, a plain route beside the WebSocket endpoint.
 * Answers a signed connection token (any replica accepts the WebSocket that follows) and, when the
 * client asks with {@code useStatefulReconnect=true}, agrees to stateful reconnect.
 */
@ApplicationScoped
public class RteNegotiation {

    private final RteAuthenticator authenticator;
    private final ConnectionTokens connectionTokens;
    private final ObjectMapper mapper;
    private final RteHub hub;
    private final StartupGate startupGate;

    public RteNegotiation(RteAuthenticator authenticator, ConnectionTokens connectionTokens, ObjectMapper mapper,
                          RteHub hub, RevocationSync revocationSync) {
        this.authenticator = authenticator;
        this.connectionTokens = connectionTokens;
        this.mapper = mapper;
        this.hub = hub;
        this.startupGate = new StartupGate(revocationSync::loaded);
    }

    void routes(@Observes Router router) {
        // the gate first: until the revocations in force are loaded no token can be trusted
        router.post(RteEndpoint.PATH + "/negotiate").handler(startupGate).handler(this::negotiate);
    }

    private void negotiate(RoutingContext ctx) {
        if (hub.draining()) {
            ctx.response().putHeader("Retry-After", "1");
            Problems.send(ctx.request(), 503, RteUpgradeCheck.DRAINING);
            return;
        }
        ctx.request().pause();
        authenticator.authenticate(ctx.request()).onComplete(result -> {
            ctx.request().resume();
            if (result.failed() || result.result().caller() == null) {
                Problems.send(ctx.request(), 401, result.failed() ? "The token is invalid, expired or revoked" : result.result().refusal());
                return;
            }
            boolean stateful = "true".equalsIgnoreCase(ctx.request().getParam("useStatefulReconnect"));
            UUID connectionId = stateful ? StatefulIds.mark(UUID.randomUUID()) : UUID.randomUUID();
            String connectionToken = connectionTokens.issue(connectionId, result.result().caller().subject());
            ObjectNode body = mapper.createObjectNode();
            if (negotiateVersion(ctx) >= 1) {
                body.put("negotiateVersion", 1).put("connectionId", connectionId.toString())
                        .put("connectionToken", connectionToken);
            } else {
                // version 0 clients send the connection id back as `id`: it must be the signed token
                body.put("connectionId", connectionToken);
            }
            if (stateful) {
                body.put("useStatefulReconnect", true);
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
}
