package io.callwire.subscription.endpoint;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.subscription.Caller;
import io.callwire.subscription.security.ClientAddress;
import io.callwire.subscription.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who is calling {@code /rte} (negotiate or upgrade): the bearer token from the
 * {@code Authorization} header or the {@code access_token} parameter, verified off the event loop
 * (it may fetch the JWKS), then its IP binding checked against the client address.
 */
@ApplicationScoped
public class RteAuthenticator {

    /** The caller, or the 401 detail saying why not. */
    record Outcome(Caller caller, String refusal) {
    }

    private final Vertx vertx;
    private final TokenVerifier verifier;
    private final ClientAddress clientAddress;

    public RteAuthenticator(Vertx vertx, TokenVerifier verifier, ClientAddress clientAddress) {
        this.vertx = vertx;
        this.verifier = verifier;
        this.clientAddress = clientAddress;
    }

    Future<Outcome> authenticate(HttpServerRequest request) {
        String token = bearerToken(request);
        // websockets-next keeps each connection's upgrade request (and a copy of its headers) for the
        // connection's life: once read, the bearer token has no business in the heap of every idle
        // connection (about 1.5 KB each, and a secret a heap dump would show)
        request.headers().remove(HttpHeaders.AUTHORIZATION);
        if (token == null) {
            return Future.succeededFuture(new Outcome(null,
                    "A bearer token is required (Authorization header or access_token parameter)"));
        }
        String address = clientAddress.of(request);
        return vertx.executeBlocking(() -> verifier.verify(token), false).otherwise(Optional.empty()).map(caller -> {
            if (caller.isEmpty()) {
                return new Outcome(null, "The token is invalid, expired or revoked");
            }
            Optional<String> boundIp = caller.get().boundIp();
            if (boundIp.isPresent() && !ClientAddress.sameAddress(boundIp.get(), address)) {
                return new Outcome(null, "The token is bound to another client address");
            }
            return new Outcome(caller.get(), null);
        });
    }

    String clientAddress(HttpServerRequest request) {
        return clientAddress.of(request);
    }

    private static String bearerToken(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return request.getParam("access_token");
    }
}
