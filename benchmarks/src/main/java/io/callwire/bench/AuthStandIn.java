package io.callwire.bench;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.callwire.testing.FreePorts;
import io.callwire.testing.JwksResource;
import io.callwire.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Plays auth-service for subscription-service (fan-out) and notifier-service (webhooks): a client-credentials token
 * and an empty list of revocations, which the service loads before it declares itself ready. The
 * callers' tokens are signed by {@code TestTokens} and verified through the test JWKS, so the
 * scenario can open ten thousand connections of ten thousand users without creating them.
 */
final class AuthStandIn implements AutoCloseable {

    static final String CLIENT_SECRET = "benchmark-only-client-secret";

    private final HttpServer server;

    private AuthStandIn(HttpServer server) {
        this.server = server;
    }

    static AuthStandIn start(Vertx vertx) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/oauth/token")) {
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("access_token", "stand-in-" + UUID.randomUUID()).put("token_type", "Bearer").put("expires_in", 900).encode());
            } else if (request.path().equals("/api/v1/revocations")) {
                request.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("items", new JsonArray()).putNull("next").encode());
            } else {
                request.response().setStatusCode(404).end();
            }
        }).listen(FreePorts.next(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new AuthStandIn(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /**
     * What a packaged service needs to trust the callers' test tokens and to load its revocations from
     * this stand-in, as {@code -Dkey=value} arguments.
     */
    List<String> serviceProperties() {
        return List.of("-Dmp.jwt.verify.publickey.location=" + JwksResource.jwksUrl(),
                "-Dmp.jwt.verify.issuer=" + TestTokens.ISSUER,
                "-Dcallwire.security.auth-service.url=" + url(),
                "-Dcallwire.security.auth-service.client-secret=" + CLIENT_SECRET);
    }

    @Override
    public void close() {
        server.close();
    }
}
