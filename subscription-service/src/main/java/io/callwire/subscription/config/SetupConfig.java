package io.callwire.subscription.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How connection set-up (the admission before the upgrade, the reads of a {@code Subscribe}, the
 * session writes) reaches the database when many clients connect at once: their statements wait in
 * queues of this service and go to PostgreSQL in batches, so that a storm of reconnecting clients
 * waits its turn instead of failing on the pool's acquisition timeout.
 */
@ConfigMapping(prefix = "callwire.rte.setup")
public interface SetupConfig {

    /** Most admissions, lookups or session writes sent to the database in one statement or pipelined batch. */
    @WithDefault("256")
    int batchSize();

    /**
     * Most batches of one kind (admissions, entity reads, grant reads, each kind of session write)
     * using pool connections at once. Keep the sum of all kinds (about seven times this) below
     * {@code quarkus.datasource.reactive.max-size}, so REST requests always find a connection.
     */
    @WithDefault("2")
    int batchesInFlight();

    /**
     * Most items waiting in one queue; past it a connection is refused with 503 (admission) or its
     * Subscribe fails at once, rather than waiting without bound.
     */
    @WithDefault("50000")
    int queueMax();

    /**
     * A connection being set up waits in these queues as long as the database keeps answering them;
     * when it has answered nothing of a queue for this long (it hangs, or is cut off), what waits
     * fails: 503 at the upgrade, a Subscribe error. Longer than the pool's acquisition timeout
     * ({@code callwire.resilience.connection-acquisition-timeout}), because under a storm on a busy
     * machine a batch may wait that long for its turn while the database is healthy.
     */
    @WithDefault("PT10S")
    Duration stallTimeout();

    /**
     * How long the grants of an organization read for Subscribe are reused. Grant changes replace
     * them at once on every replica (the {@code callwire.permissions.changed} message, and on the
     * replica that made the change before it answers); this bounds how long a change whose message
     * was lost can be missed by new subscriptions.
     */
    @WithDefault("PT30S")
    Duration grantCacheTtl();
}
