package io.callwire.auth.service;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.callwire.auth.config.AuthConfig;
import io.callwire.auth.repository.OutboxRepository;
import io.callwire.auth.repository.RefreshTokenRepository;
import io.callwire.auth.repository.RevocationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Hourly: forgets what can no longer matter, so that tables stay small — refresh tokens expired for
 * a day, revocations past every token they concern, published outbox messages older than a day,
 * throttle entries whose window and lock are over. Safe on every replica at once (plain deletes).
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private static final Duration KEEP = Duration.ofDays(1);

    private final RefreshTokenRepository refreshTokens;
    private final RevocationRepository revocations;
    private final OutboxRepository outbox;
    private final Pool pool;
    private final AuthConfig config;

    public Housekeeping(RefreshTokenRepository refreshTokens, RevocationRepository revocations, OutboxRepository outbox, Pool pool,
            AuthConfig config) {
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.outbox = outbox;
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetExpired() {
        Instant now = Instant.now();
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> refreshTokens.deleteExpired(now.minus(KEEP))
                .chain(() -> revocations.deleteForgotten(now))
                .chain(() -> outbox.deletePublishedBefore(now.minus(KEEP)))))
                .chain(() -> pool.preparedQuery("delete from sign_in_throttle where (locked_until is null or locked_until < now()) "
                        + "and window_started_at < now() - make_interval(secs => $1)")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of((double) config.signIn().failureWindow().toSeconds())))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("housekeeping failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
