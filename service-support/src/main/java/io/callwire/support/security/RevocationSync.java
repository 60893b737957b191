package io.callwire.support.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.support.client.AuthServiceClient;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Loads the revocations in force from auth-service into the {@link RevocationRegistry}, because AMQP
 * only tells a replica about the revocations made while it runs: a replica that starts after a
 * revocation would otherwise accept the revoked token until it expires. The replica is not ready
 * until the first load succeeded (retried with a doubling wait); then the list is reloaded every
 * {@code callwire.security.auth-service.revocation-sync-interval} as a safety net for messages missed
 * on AMQP, and the revocations newly learnt are announced as {@link RevocationsLearnt}.
 *
 * <p>Exists only where {@code callwire.security.auth-service.load-revocations=true} (subscription-
 * and notifier-service), each with its own machine client; until the first load, REST requests
 * carrying a token are answered 503 by {@link StartupGateFilter}.
 */
@Readiness
@Default // @Readiness is a qualifier: without @Default the services' gates could not inject it
@ApplicationScoped
@IfBuildProperty(name = "callwire.security.auth-service.load-revocations", stringValue = "true")
public class RevocationSync implements HealthCheck {

    /** The readiness check's name. */
    public static final String CHECK_NAME = "auth-service revocations";

    private static final Logger LOG = Logger.getLogger(RevocationSync.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /**
     * auth-service stamps {@code revokedAt} before its transaction commits: a reload asks again for
     * a margin before the previous one so that a revocation committed late is not skipped.
     */
    private static final Duration OVERLAP = Duration.ofMinutes(5);

    private final AuthServiceClient client;
    private final RevocationRegistry registry;
    private final Event<RevocationsLearnt> learnt;
    private final Vertx vertx;
    private final SecurityConfig.AuthService config;
    private volatile Instant lastLoadStartedAt;
    /**
     * Read on every gated request and by readiness: set once the first load succeeded, kept apart
     * from {@link #lastLoadStartedAt} so that a test can pretend the replica is starting without
     * disturbing the periodic reload.
     */
    private volatile boolean loaded;

    public RevocationSync(AuthServiceClient client, RevocationRegistry registry, Event<RevocationsLearnt> learnt, Vertx vertx,
                          SecurityConfig config) {
        this.client = client;
        this.registry = registry;
        this.learnt = learnt;
        this.vertx = vertx;
        this.config = config.authService();
    }

    /**
     * Starts the first load and waits for its first attempt (bounded by the request timeout, twice:
     * token and list), so that a replica whose auth-service answers is ready, and its gates open, as
     * soon as it listens. A failed attempt does not stop the start: it retries in the background.
     */
    void start(@Observes StartupEvent started) {
        CountDownLatch attempted = new CountDownLatch(1);
        firstLoad(FIRST_RETRY, 1, attempted);
        try {
            attempted.await(config.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the revocations in force have been loaded; until then the replica is not ready. A volatile read. */
    public boolean loaded() {
        return loaded;
    }

    /** Test hook: pretends the first load has not happened yet ({@code false}) or restores it. */
    public void loadedForTest(boolean value) {
        loaded = value;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = loaded;
        Instant loadedAt = lastLoadStartedAt;
        var response = HealthCheckResponse.named(CHECK_NAME).status(ready).withData("authService", client.baseUrl());
        return !ready || loadedAt == null ? response.build() : response.withData("loadedSince", loadedAt.toString()).build();
    }

    private void firstLoad(Duration wait, int attempt, CountDownLatch attempted) {
        Instant startedAt = Instant.now();
        client.revocationsInForce(null).map(this::apply).subscribe().with(revocations -> {
            lastLoadStartedAt = startedAt;
            loaded = true; // after the registry holds them: the gates open only on a complete list
            attempted.countDown();
            LOG.infof("%d revocations in force loaded from auth-service at %s as client %s (%d new); ready", revocations.total(),
                    client.baseUrl(), client.clientId(), revocations.news());
            scheduleReload();
        }, failure -> {
            LOG.warnf("revocations not loaded from auth-service at %s as client %s (attempt %d: %s); not ready, retrying in %d s",
                    client.baseUrl(), client.clientId(), attempt, failure.getMessage(), wait.toSeconds());
            attempted.countDown();
            Duration next = wait.multipliedBy(2).compareTo(config.retryMaxBackoff()) > 0 ? config.retryMaxBackoff() : wait.multipliedBy(2);
            vertx.setTimer(Math.max(1, wait.toMillis()), id -> firstLoad(next, attempt + 1, attempted));
        });
    }

    private void scheduleReload() {
        vertx.setTimer(Math.max(1, config.revocationSyncInterval().toMillis()), id -> reload());
    }

    private void reload() {
        Instant startedAt = Instant.now();
        client.revocationsInForce(lastLoadStartedAt.minus(OVERLAP)).map(this::apply).subscribe().with(revocations -> {
            lastLoadStartedAt = startedAt;
            if (revocations.news() > 0) {
                LOG.infof("%d revocations learnt from auth-service's list that AMQP had not delivered", revocations.news());
            }
            scheduleReload();
        }, failure -> {
            // still ready: AMQP remains the primary path, this reload only catches what it missed
            LOG.warnf("revocations not reloaded from auth-service at %s: %s; next attempt in %s", client.baseUrl(), failure.getMessage(),
                    config.revocationSyncInterval());
            scheduleReload();
        });
    }

    private record Applied(int total, int news) {
    }

    /**
     * Records the revocations (token, session and subject ones alike) and announces the new ones.
     * Runs inside the pipeline, so that a failure here is a failed load (retried), never a load that
     * silently never completes.
     */
    private Applied apply(List<RevocationMessage> revocations) {
        List<RevocationMessage> news = registry.recordAll(revocations.stream().filter(r -> r.subject() != null).toList());
        if (!news.isEmpty()) {
            learnt.fire(new RevocationsLearnt(news));
        }
        return new Applied(revocations.size(), news.size());
    }
}
