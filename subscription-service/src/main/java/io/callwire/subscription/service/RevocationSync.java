package io.callwire.subscription.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.subscription.client.AuthServiceClient;
import io.callwire.subscription.config.RteConfig;
import io.callwire.subscription.endpoint.RteHub;
import io.callwire.subscription.security.RevocationRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Loads the revocations in force from auth-service, because AMQP only tells a replica about the
 * revocations made while it runs: a replica that starts after a revocation would otherwise accept
 * the revoked token until it expires. The replica is not ready until the first load succeeded
 * (retried with a doubling wait); then the list is reloaded every
 * {@code callwire.rte.auth.revocation-sync-interval} as a safety net for messages missed on AMQP,
 * closing the open connections a newly learnt revocation covers.
 */
@Readiness
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
    private final RteHub hub;
    private final Vertx vertx;
    private final RteConfig.Auth config;
    private volatile Instant lastLoadStartedAt;

    public RevocationSync(AuthServiceClient client, RevocationRegistry registry, RteHub hub, Vertx vertx, RteConfig config) {
        this.client = client;
        this.registry = registry;
        this.hub = hub;
        this.vertx = vertx;
        this.config = config.auth();
    }

    void start(@Observes StartupEvent started) {
        firstLoad(FIRST_RETRY, 1);
    }

    /** True once the revocations in force have been loaded. */
    public boolean loaded() {
        return lastLoadStartedAt != null;
    }

    @Override
    public HealthCheckResponse call() {
        Instant loadedAt = lastLoadStartedAt;
        var response = HealthCheckResponse.named("auth-service revocations").status(loadedAt != null).withData("authService", client.baseUrl());
        return loadedAt == null ? response.build() : response.withData("loadedSince", loadedAt.toString()).build();
    }

    private void firstLoad(Duration wait, int attempt) {
        Instant startedAt = Instant.now();
        client.revocationsInForce(null).subscribe().with(revocations -> {
            int learnt = apply(revocations);
            lastLoadStartedAt = startedAt;
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
            hub.revoke(revocation.subject(), caller -> registry.covers(revocation, caller));
        }
        return learnt.size();
    }
}
