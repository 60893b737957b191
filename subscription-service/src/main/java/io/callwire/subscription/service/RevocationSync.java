package io.callwire.subscription.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.subscription.client.AuthServiceClient;
import io.callwire.subscription.config.RteConfig;
import io.callwire.subscription.security.RevocationRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Loads the revocations in force from auth-service, because AMQP only tells a replica about the
 * revocations made while it runs: a replica that starts after a revocation would otherwise accept
 * the revoked token until it expires. The replica is not ready until the first load succeeded
 * (retried with a doubling wait), and until then {@code /rte} answers 503 to clients that reach
 * the pod directly; then the list is reloaded every
 * {@code callwire.rte.auth.revocation-sync-interval} as a safety net for messages missed on AMQP,
 * closing the open connections a newly learnt revocation covers.
 */
@Readiness
@Default // @Readiness is a qualifier: without @Default the /rte endpoint could not inject it
@ApplicationScoped
public class RevocationSync implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(RevocationSync.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /**
     * auth-service stamps {@code revokedAt} before its transaction commits: a reload asks again for
     * a margin before the previous one so that a revocation committed late is not skipped.
     */
    private static final Duration OVERLAP = Duration.ofMinutes(5);

    private final AuthServiceClient client;
    private final RevocationRegistry registry;
    private final RoutingService routing;
    private final Vertx vertx;
    private final RteConfig.Auth config;
    private volatile Instant lastLoadStartedAt;
    /**
     * Read on every {@code /rte} request (the endpoint's start-up gate) and by readiness: set once
     * the first load succeeded, kept apart from {@link #lastLoadStartedAt} so that a test can
     * pretend the replica is starting without disturbing the periodic reload.
     */
    private volatile boolean loaded;

    public RevocationSync(AuthServiceClient client, RevocationRegistry registry, RoutingService routing, Vertx vertx, RteConfig config) {
        this.client = client;
        this.registry = registry;
        this.routing = routing;
        this.vertx = vertx;
        this.config = config.auth();
    }

    void start(@Observes StartupEvent started) {
        firstLoad(FIRST_RETRY, 1);
    }

    /**
     * True once the revocations in force have been loaded; until then the replica is not ready and
     * {@code /rte} answers 503. A volatile read, cheap enough for every request.
     */
    public boolean loaded() {
        return loaded;
    }

    /** Test hook: pretends the first load has not happened yet ({@code false}) or restores it. */
    void loadedForTest(boolean value) {
        loaded = value;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = loaded;
        Instant loadedAt = lastLoadStartedAt;
        var response = HealthCheckResponse.named("auth-service revocations").status(ready).withData("authService", client.baseUrl());
        return !ready || loadedAt == null ? response.build() : response.withData("loadedSince", loadedAt.toString()).build();
    }

    private void firstLoad(Duration wait, int attempt) {
        Instant startedAt = Instant.now();
        client.revocationsInForce(null).subscribe().with(revocations -> {
            int learnt = apply(revocations);
            lastLoadStartedAt = startedAt;
            loaded = true; // after the registry holds them: the gate opens only on a complete list
            LOG.infof("%d revocations in force loaded from auth-service at %s (%d new); ready", revocations.size(), client.baseUrl(), learnt);
            scheduleReload();
        }, failure -> {
            LOG.warnf("revocations not loaded from auth-service at %s (attempt %d: %s); not ready, retrying in %d s",
                    client.baseUrl(), attempt, failure.getMessage(), wait.toSeconds());
            Duration next = wait.multipliedBy(2).compareTo(config.retryMaxBackoff()) > 0 ? config.retryMaxBackoff() : wait.multipliedBy(2);
            vertx.setTimer(Math.max(1, wait.toMillis()), id -> firstLoad(next, attempt + 1));
        });
    }

    private void scheduleReload() {
        vertx.setTimer(Math.max(1, config.revocationSyncInterval().toMillis()), id -> reload());
    }

    private void reload() {
        Instant startedAt = Instant.now();
        client.revocationsInForce(lastLoadStartedAt.minus(OVERLAP)).subscribe().with(revocations -> {
            int learnt = apply(revocations);
            lastLoadStartedAt = startedAt;
            if (learnt > 0) {
                LOG.infof("%d revocations learnt from auth-service's list that AMQP had not delivered", learnt);
            }
            scheduleReload();
        }, failure -> {
            // still ready: AMQP remains the primary path, this reload only catches what it missed
            LOG.warnf("revocations not reloaded from auth-service at %s: %s; next attempt in %s", client.baseUrl(), failure.getMessage(),
                    config.revocationSyncInterval());
            scheduleReload();
        });
    }

    /** Records the revocations; closes the connections the new ones cover. Returns how many were new. */
    private int apply(List<RevocationMessage> revocations) {
        List<RevocationMessage> learnt = registry.recordAll(revocations.stream()
                .filter(r -> r.subject() != null && (r.coversAllTokensOfSubject() || !r.tokenId().isBlank()))
                .toList());
        for (RevocationMessage revocation : learnt) {
            routing.revoke(revocation.subject(), caller -> registry.covers(revocation, caller));
        }
        return learnt.size();
    }
}
