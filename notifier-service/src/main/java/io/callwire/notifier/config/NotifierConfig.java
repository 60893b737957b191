package io.callwire.notifier.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of notifier-service, prefix {@code callwire.notifier}. */
@ConfigMapping(prefix = "callwire.notifier")
public interface NotifierConfig {

    /**
     * Base64 of the 256-bit AES key that encrypts webhook credentials and signing secrets at rest
     * (AES-GCM). No default: production must supply it (env {@code CALLWIRE_NOTIFIER_ENCRYPTION_KEY}).
     */
    String encryptionKey();

    /**
     * Addresses a webhook URL may resolve to although they are loopback, private, link-local or
     * metadata addresses: CIDR blocks ({@code 127.0.0.0/8}) or host names. Empty in production.
     */
    Optional<List<String>> allowedPrivateAddresses();

    /** Version sent in {@code User-Agent: Callwire/<version>}. */
    @WithDefault("${quarkus.application.version:0.1.0}")
    String version();

    /** How long the previous signing secret keeps being used next to the new one after a rotation. */
    @WithDefault("24h")
    Duration rotationOverlap();

    /** An endpoint that has failed every message for this long is {@code AUTO_DISABLED}. */
    @WithDefault("5d")
    Duration autoDisableAfter();

    /** How often the in-memory endpoint index checks the database for changes made by other replicas. */
    @WithDefault("5s")
    Duration indexRefreshInterval();

    /** Where events come from. */
    Events events();

    /** Event ingestion. */
    Ingest ingest();

    /** Delivery workers. */
    Delivery delivery();

    /** The AMQP link events come in on (the connection: the connector's {@code amqp-*} attributes, see {@code BrokerClient}). */
    interface Events {
        /** The queue: all replicas share one durable queue of the multicast address {@code callwire.events}. */
        @WithDefault("callwire.events::notifier-service")
        String address();

        /** A durable link (a shared durable queue, as {@code k8s/} and the embedded broker declare it). */
        @WithDefault("true")
        boolean durable();

        /** Link credit: messages the broker may send ahead of the service, and the most a paused receiver holds. */
        @WithDefault("1000")
        int credit();

        /** The pause before a refused or lost connection is opened again (for as long as the service runs). */
        @WithDefault("2s")
        Duration reconnectInterval();
    }

    /** Event ingestion: events are grouped so that one transaction writes the jobs of many. */
    interface Ingest {
        /** Most events written in one transaction. */
        @WithDefault("500")
        int batchSize();

        /** How long a partial batch waits for more events before it is written. */
        @WithDefault("5ms")
        Duration linger();

        /** Events received but not yet written; the AMQP consumer waits when this many are pending. */
        @WithDefault("5000")
        int maxPending();
    }

    /** Delivery workers. */
    interface Delivery {
        /** Most jobs claimed in one query. */
        @WithDefault("200")
        int claimBatchSize();

        /** How often due jobs are looked for when nothing wakes the worker earlier. */
        @WithDefault("200ms")
        Duration pollInterval();

        /** A claimed job whose worker died is claimed again after this lease. Longer than any timeout. */
        @WithDefault("2m")
        Duration lease();

        /**
         * On shutdown (SIGTERM), how long requests in flight may take to finish and be recorded; the
         * leases of those still running then are released, so another replica sends them at once. Keep it
         * below the pod's {@code terminationGracePeriodSeconds} (30 s by default).
         */
        @WithDefault("20s")
        Duration shutdownGrace();

        /**
         * How long an outcome waits for others to be recorded with it in one statement. Not part of any
         * delivery's latency (the request is made already); longer means fewer, larger statements.
         */
        @WithDefault("20ms")
        Duration recordLinger();

        /** Most requests in flight per replica, over all endpoints. */
        @WithDefault("2000")
        int maxInFlight();

        /** Longest wait a {@code Retry-After} header can impose. */
        @WithDefault("24h")
        Duration maxRetryAfter();

        /** Relative jitter applied to retry delays (0.1 = plus or minus 10 %). */
        @WithDefault("0.1")
        double jitter();

        /** Lifetime assumed for an OAuth access token whose response has no {@code expires_in}. */
        @WithDefault("15m")
        Duration defaultTokenLifetime();

        /** Largest response excerpt kept per attempt, in characters. */
        @WithDefault("1024")
        int responseExcerptLength();

        /** The per-endpoint circuit breaker (per replica, in memory). */
        Breaker breaker();
    }

    /**
     * The per-endpoint circuit breaker: an endpoint that keeps failing stops costing attempts (requests,
     * attempt rows, receipts, CPU shared with every healthy endpoint) while its jobs wait in the database.
     */
    interface Breaker {
        /**
         * Failed attempts in a row (5xx, 408, 429, timeout, connection error; seen by this replica) that open
         * an endpoint's breaker. 0 turns the breaker off.
         */
        @WithDefault("5")
        int failures();

        /** How long a breaker first stays open before one probe is let through. */
        @WithDefault("1s")
        Duration openFor();

        /** Longest time a breaker stays open: each failed probe doubles the time, up to this. */
        @WithDefault("60s")
        Duration maxOpenFor();
    }
}
