package io.callwire.support.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.support.security.SecurityConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * auth-service as a non-blocking HTTP client (Vert.x WebClient on the Quarkus event loops): a
 * {@code client_credentials} token, kept until shortly before it expires, and the revocations in
 * force page by page. Every request has {@code callwire.security.auth-service.request-timeout};
 * retries are the caller's ({@code RevocationSync}). The client secret goes only into the Basic
 * header, never into a message or a log. Exists only in services that load the revocations in force.
 */
@ApplicationScoped
@IfBuildProperty(name = "callwire.security.auth-service.load-revocations", stringValue = "true")
public class AuthServiceClient {

    /** Items asked per page (auth-service allows up to 1000). */
    static final int PAGE_SIZE = 500;
    /** A cursor that never ends is auth-service's bug; stop rather than loop forever (5 million revocations). */
    static final int MAX_PAGES = 10_000;

    /** The part of the RFC 6749 token answer used here. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    record TokenAnswer(@JsonProperty("access_token") String accessToken, @JsonProperty("expires_in") long expiresIn) {
    }

    /** One page of {@code GET /api/v1/revocations}. */
    @io.quarkus.runtime.annotations.RegisterForReflection(targets = {AuthServiceClient.RevocationPage.class, RevocationMessage.class})
    record RevocationPage(List<RevocationMessage> items, String next) {
    }

    private record CachedToken(String value, Instant refreshAfter) {
    }

    private final WebClient web;
    private final SecurityConfig.AuthService config;
    private final ObjectMapper mapper;
    private final String baseUrl;
    private final String clientId;
    private final String clientSecret;
    private volatile CachedToken token;

    public AuthServiceClient(Vertx vertx, SecurityConfig config, ObjectMapper mapper) {
        this.config = config.authService();
        this.mapper = mapper;
        this.baseUrl = this.config.url().endsWith("/") ? this.config.url().substring(0, this.config.url().length() - 1) : this.config.url();
        // fail at start, naming the key, rather than at the first token request
        this.clientId = this.config.clientId().filter(id -> !id.isBlank()).orElseThrow(() -> new IllegalStateException(
                "callwire.security.auth-service.client-id is not set: this service's machine client at auth-service"));
        this.clientSecret = this.config.clientSecret().filter(secret -> !secret.isBlank()).orElseThrow(() -> new IllegalStateException(
                "callwire.security.auth-service.client-secret is not set (env CALLWIRE_SECURITY_AUTH_SERVICE_CLIENT_SECRET, from a Secret)"));
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(2)
                .setFollowRedirects(false)
                .setConnectTimeout((int) this.config.requestTimeout().toMillis()));
    }

    /** This service's machine client id, for log messages. */
    public String clientId() {
        return clientId;
    }

    /** Where auth-service is, for log messages. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The revocations in force at auth-service, revoked at or after {@code since} (all of them when
     * null), oldest first. Fails when auth-service cannot be reached or refuses the credentials.
     */
    public Uni<List<RevocationMessage>> revocationsInForce(Instant since) {
        return accessToken()
                .chain(bearer -> pages(bearer, since, null, new ArrayList<>(), 0))
                // a refused or stale token is fetched anew on the next attempt
                .onFailure().invoke(failure -> token = null);
    }

    private Uni<List<RevocationMessage>> pages(String bearer, Instant since, String after, List<RevocationMessage> collected, int page) {
        if (page >= MAX_PAGES) {
            return Uni.createFrom().failure(new AuthServiceException("more than " + MAX_PAGES + " pages of revocations; giving up"));
        }
        var request = web.getAbs(baseUrl + "/api/v1/revocations")
                .bearerTokenAuthentication(bearer)
                .addQueryParam("size", String.valueOf(PAGE_SIZE))
                .timeout(config.requestTimeout().toMillis());
        if (since != null) {
            request.addQueryParam("since", since.toString());
        }
        if (after != null) {
            request.addQueryParam("after", after);
        }
        return request.send().map(response -> read(response, "GET /api/v1/revocations", RevocationPage.class)).chain(result -> {
            if (result.items() != null) {
                collected.addAll(result.items());
            }
            return result.next() == null ? Uni.createFrom().item(collected) : pages(bearer, since, result.next(), collected, page + 1);
        });
    }

    private Uni<String> accessToken() {
        CachedToken cached = token;
        if (cached != null && Instant.now().isBefore(cached.refreshAfter())) {
            return Uni.createFrom().item(cached.value());
        }
        return web.postAbs(baseUrl + "/oauth/token")
                .basicAuthentication(clientId, clientSecret)
                .timeout(config.requestTimeout().toMillis())
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials"))
                .map(response -> read(response, "POST /oauth/token (client " + clientId + ")", TokenAnswer.class))
                .map(answer -> {
                    if (answer.accessToken() == null) {
                        throw new AuthServiceException("POST /oauth/token answered without access_token");
                    }
                    // renew a minute early (or at half-life for short tokens) so that no page request carries an expired token
                    long seconds = Math.max(1, Math.min(answer.expiresIn() - 60, answer.expiresIn() / 2));
                    token = new CachedToken(answer.accessToken(), Instant.now().plusSeconds(seconds));
                    return answer.accessToken();
                });
    }

    private <T> T read(HttpResponse<io.vertx.mutiny.core.buffer.Buffer> response, String what, Class<T> type) {
        if (response.statusCode() != 200) {
            // the status only: an error body could echo request details
            throw new AuthServiceException(what + " answered HTTP " + response.statusCode());
        }
        try {
            Buffer body = response.bodyAsBuffer().getDelegate();
            return mapper.readValue(body.getBytes(), type);
        } catch (java.io.IOException | NullPointerException e) {
            throw new AuthServiceException(what + " answered a body that is not the expected JSON");
        }
    }

    @PreDestroy
    void close() {
        web.close();
    }

    /** auth-service could not be used; the message names the request and the status, never a credential. */
    public static final class AuthServiceException extends RuntimeException {
        AuthServiceException(String message) {
            super(message, null, false, false);
        }
    }
}
