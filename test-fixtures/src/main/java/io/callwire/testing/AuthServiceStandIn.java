package io.callwire.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP server standing in for auth-service's {@code POST /oauth/token} (client_credentials
 * with Basic authentication) and {@code GET /api/v1/revocations} (bearer, {@code since}, cursor
 * {@code after}; at most one item per page so that the client must follow the cursor). It holds
 * revocations made <em>before</em> the application under test starts, which that application can
 * learn only from here: it never receives them on AMQP. Tests add more with
 * {@code POST /test/revocations} (a revocation JSON), as auth-service would have recorded it, or
 * with {@link #add}. Points the security kit's revocation loader ({@code callwire.security.auth-service.*},
 * service-support) of the application under test at itself, as the machine client {@link #CLIENT_ID}.
 */
public class AuthServiceStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "test-verifier-service";
    public static final String CLIENT_SECRET = "test-only-verifier-service-secret";
    public static final UUID ORGANIZATION = UUID.fromString("7a000000-0000-4000-8000-000000000001");
    /** Every token of this user issued until the stand-in started is revoked. */
    public static final UUID DISABLED_USER = UUID.fromString("7a000000-0001-4000-8000-000000000001");
    /** One token of this user (id {@link #REVOKED_TOKEN_ID}) is revoked. */
    public static final UUID USER_WITH_A_REVOKED_TOKEN = UUID.fromString("7a000000-0001-4000-8000-000000000002");
    public static final String REVOKED_TOKEN_ID = "revoked-before-the-replica-started";
    /** Every token of this sign-in session ({@code sid}) of {@link #USER_WITH_A_REVOKED_SESSION} is revoked. */
    public static final String REVOKED_SESSION_ID = "7a000000-5e55-4000-8000-000000000001";
    public static final UUID USER_WITH_A_REVOKED_SESSION = UUID.fromString("7a000000-0001-4000-8000-000000000003");

    private static Vertx vertx;
    private static HttpServer server;
    private static final List<JsonObject> REVOCATIONS = new CopyOnWriteArrayList<>();
    private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();

    /** Starts the shared stand-in if needed (also for the benchmark's child process) and returns its base URL. */
    public static synchronized String url() {
        if (server == null) {
            Instant revokedAt = Instant.now();
            REVOCATIONS.add(revocation(DISABLED_USER.toString(), null, "user-disabled", revokedAt));
            REVOCATIONS.add(revocation(USER_WITH_A_REVOKED_TOKEN.toString(), REVOKED_TOKEN_ID, "token-revoked", revokedAt));
            // a session revocation (refresh-token reuse) in force: listed by auth-service like the others
            REVOCATIONS.add(revocation(USER_WITH_A_REVOKED_SESSION.toString(), null, "refresh-token-reused", revokedAt)
                    .put("sessionId", REVOKED_SESSION_ID));
            vertx = Vertx.vertx();
            try {
                server = vertx.createHttpServer().requestHandler(AuthServiceStandIn::handle)
                        .listen(FreePorts.next(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("auth-service stand-in did not start", e);
            }
            Vertx started = vertx;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "auth-stand-in-stop"));
        }
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** A revocation as auth-service publishes and lists it. */
    public static JsonObject revocation(String subject, String tokenId, String reason, Instant revokedAt) {
        return new JsonObject().put("subject", subject).put("organizationId", ORGANIZATION.toString()).put("tokenId", tokenId)
                .put("reason", reason).put("revokedAt", revokedAt.toString());
    }

    /** Records a revocation as auth-service would have (for the next load or reload of the application under test). */
    public static void add(JsonObject revocation) {
        url();
        REVOCATIONS.add(revocation);
    }

    @Override
    public Map<String, String> start() {
        return properties();
    }

    /**
     * The properties pointing a service's revocation loader at this stand-in as its machine client, as
     * {@code -Dkey=value} arguments for a packaged service started as a process (such a service is not
     * ready until it has loaded the revocations in force).
     */
    public static List<String> systemProperties() {
        return properties().entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
    }

    /**
     * The same properties as a map, for {@link PackagedService.Builder#properties(Map)}.
     */
    public static Map<String, String> properties() {
        return Map.of(
                "callwire.security.auth-service.url", url(),
                "callwire.security.auth-service.client-id", CLIENT_ID,
                "callwire.security.auth-service.client-secret", CLIENT_SECRET,
                "callwire.security.auth-service.revocation-sync-interval", "PT1S");
    }

    @Override
    public void stop() {
        // kept for the other test classes of this JVM; stopped by the shutdown hook
    }

    private static void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/oauth/token") && request.method().name().equals("POST")) {
            request.setExpectMultipart(true);
            request.end().onComplete(ended -> token(request));
        } else if (path.equals("/api/v1/revocations") && request.method().name().equals("GET")) {
            revocations(request);
        } else if (path.equals("/test/revocations") && request.method().name().equals("POST")) {
            request.body().onSuccess(body -> {
                REVOCATIONS.add(body.toJsonObject());
                request.response().setStatusCode(204).end();
            });
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private static void token(HttpServerRequest request) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.getHeader("Authorization"))) {
            json(request, 401, new JsonObject().put("error", "invalid_client"));
            return;
        }
        if (!"client_credentials".equals(request.getFormAttribute("grant_type"))) {
            json(request, 400, new JsonObject().put("error", "unsupported_grant_type"));
            return;
        }
        String token = "stand-in-" + UUID.randomUUID();
        ISSUED.add(token);
        json(request, 200, new JsonObject().put("access_token", token).put("token_type", "Bearer").put("expires_in", 900));
    }

    private static void revocations(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || !ISSUED.contains(authorization.substring(7))) {
            request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer").end();
            return;
        }
        Instant since = request.getParam("since") == null ? Instant.EPOCH : Instant.parse(request.getParam("since"));
        int from = request.getParam("after") == null ? 0 : Integer.parseInt(request.getParam("after"));
        List<JsonObject> matching = new ArrayList<>();
        for (JsonObject revocation : REVOCATIONS) {
            if (!Instant.parse(revocation.getString("revokedAt")).isBefore(since)) {
                matching.add(revocation);
            }
        }
        // one item per page, whatever size was asked: the client must follow "next"
        JsonArray items = new JsonArray();
        if (from < matching.size()) {
            items.add(matching.get(from));
        }
        String next = from + 1 < matching.size() ? String.valueOf(from + 1) : null;
        json(request, 200, new JsonObject().put("items", items).put("next", next));
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
