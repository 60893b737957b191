package io.callwire.notifier.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import io.callwire.notifier.Webhook;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.WebhookSpec.AuthType;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.service.WebhookValidator;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * OAuth 2.0 access tokens for endpoints: the client-credentials grant, and the JWT bearer grant of
 * RFC 7523 (Salesforce): an RS256 assertion ({@code iss} client id, {@code sub} user name, {@code aud}
 * the authorization server, three minutes of validity) exchanged at the token URL. Tokens are cached
 * per endpoint until shortly before they expire; {@link #invalidate} drops one after a 401.
 */
@ApplicationScoped
public class TokenProvider {

    private static final String JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

    private record Cached(Token token, Instant expiresAt, Instant configVersion) {
    }

    /** An access token, and the Salesforce instance to call with it ({@code instance_url}, when the server names one). */
    public record Token(String accessToken, String instanceUrl) {
    }

    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();
    /** Token requests under way: concurrent deliveries to one endpoint share one request. */
    private final Map<UUID, CompletableFuture<Cached>> fetching = new ConcurrentHashMap<>();
    private final NotifierConfig config;

    public TokenProvider(NotifierConfig config) {
        this.config = config;
    }

    /** A valid access token for the endpoint, from the cache or the token URL. */
    public Future<Token> token(Webhook webhook, WebhookSender sender, EndpointClients.Lease lease, AttemptClock deadline) {
        Cached cached = cache.get(webhook.id());
        if (cached != null && cached.configVersion().equals(webhook.updatedAt())
                && Instant.now().isBefore(cached.expiresAt().minus(EXPIRY_MARGIN))) {
            return Future.succeededFuture(cached.token());
        }
        CompletableFuture<Cached> shared;
        boolean first = false;
        synchronized (fetching) {
            shared = fetching.get(webhook.id());
            if (shared == null) {
                shared = new CompletableFuture<>();
                fetching.put(webhook.id(), shared);
                first = true;
            }
        }
        if (first) {
            CompletableFuture<Cached> result = shared;
            fetch(webhook, sender, lease, deadline).onComplete(fetched -> {
                if (fetched.succeeded()) {
                    cache.put(webhook.id(), fetched.result());
                    fetching.remove(webhook.id());
                    result.complete(fetched.result());
                } else {
                    fetching.remove(webhook.id());
                    result.completeExceptionally(fetched.cause());
                }
            });
        }
        // completed in the caller's context, as a shared resolution is (Destinations): a fetch shared by several
        // attempts completes in the context of the one that started it, and each goes on to its request in its own
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        return (caller == null ? Future.fromCompletionStage(shared) : Future.fromCompletionStage(shared, caller))
                .map(Cached::token);
    }

    /** Forgets the endpoint's token (the endpoint answered 401). */
    public void invalidate(UUID webhookId) {
        cache.remove(webhookId);
    }

    private Future<Cached> fetch(Webhook webhook, WebhookSender sender, EndpointClients.Lease lease, AttemptClock deadline) {
        WebhookSpec.Auth auth = webhook.spec().auth();
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        if (auth.type() == AuthType.OAUTH2_JWT_BEARER) {
            String assertion;
            try {
                assertion = assertion(auth);
            } catch (Exception e) {
                return Future.failedFuture(new TokenException("the JWT bearer assertion could not be signed: " + e.getMessage()));
            }
            form.add("grant_type", JWT_BEARER_GRANT).add("assertion", assertion);
        } else {
            form.add("grant_type", "client_credentials").add("client_id", auth.clientId())
                    .add("client_secret", auth.clientSecret());
            if (auth.scope() != null && !auth.scope().isBlank()) {
                form.add("scope", auth.scope());
            }
        }
        // the token URL is the tenant's too: checked at send time like the endpoint's URL, read bounded
        StringBuilder encoded = new StringBuilder();
        form.forEach(entry -> {
            if (!encoded.isEmpty()) {
                encoded.append('&');
            }
            encoded.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
        });
        Map<String, String> headers = Map.of("Accept", "application/json",
                "Content-Type", "application/x-www-form-urlencoded");
        return sender.exchange(webhook, lease, HttpMethod.POST, auth.tokenUrl(), headers,
                        Buffer.buffer(encoded.toString()), deadline, WebhookSender.MAX_TOKEN_RESPONSE)
                .map(answer -> parse(answer, webhook));
    }

    private Cached parse(HttpExchange.Answer answer, Webhook webhook) {
        if (answer.status() / 100 != 2) {
            throw new TokenException("token request answered " + answer.status());
        }
        if (answer.truncated()) {
            throw new TokenException("token response is larger than " + WebhookSender.MAX_TOKEN_RESPONSE + " bytes");
        }
        JsonObject json;
        try {
            json = answer.body().toJsonObject();
        } catch (RuntimeException e) {
            throw new TokenException("token response is not JSON");
        }
        String token = json == null ? null : json.getString("access_token");
        if (token == null || token.isBlank()) {
            throw new TokenException("token response has no access_token");
        }
        Object expiresIn = json.getValue("expires_in");
        Duration lifetime = config.delivery().defaultTokenLifetime();
        if (expiresIn != null) {
            try {
                lifetime = Duration.ofSeconds(Long.parseLong(expiresIn.toString()));
            } catch (NumberFormatException ignored) {
                // keep the default lifetime
            }
        }
        Object instance = json.getValue("instance_url");
        return new Cached(new Token(token, instance instanceof String url && !url.isBlank() ? url : null),
                Instant.now().plus(lifetime), webhook.updatedAt());
    }

    static String assertion(WebhookSpec.Auth auth) throws Exception {
        PrivateKey key = WebhookValidator.readPrivateKey(auth.privateKey());
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(auth.clientId());
        claims.setSubject(auth.username());
        claims.setAudience(auth.audience());
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plusSeconds(180).getEpochSecond()));
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    /** The token endpoint refused or failed. */
    public static class TokenException extends RuntimeException {
        public TokenException(String message) {
            super(message);
        }
    }
}
