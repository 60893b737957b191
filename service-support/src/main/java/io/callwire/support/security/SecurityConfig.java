package io.callwire.support.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How every service knows its callers (keys under {@code callwire.security}). */
@ConfigMapping(prefix = "callwire.security")
public interface SecurityConfig {

    /**
     * IP addresses or CIDR ranges of the reverse proxies / ingress in front of the service. Only
     * when the TCP peer is one of them is {@code X-Forwarded-For} read (from the right, skipping
     * trusted hops); otherwise the peer is the client. Empty: the peer is always the client.
     */
    Optional<List<String>> trustedProxies();

    /**
     * How long a revocation is remembered: at least the longest lifetime of a token it can concern
     * (RTE tokens: 2 hours) plus clock skew.
     */
    @WithDefault("PT3H")
    Duration revocationRetention();

    /**
     * Path prefixes of the real-time endpoints. A bearer token authenticated by HTTP security on
     * these paths must be an RTE token ({@code aud = callwire-rte}); on every other path an access
     * or client-credentials token ({@code aud = callwire-api}).
     */
    @WithDefault("/rte,/socket.io")
    List<String> realTimePaths();

    /** auth-service as seen by a verifier that loads the revocations in force at start-up (see {@link AuthService}). */
    AuthService authService();

    /**
     * Where and as whom a verifier reads auth-service's revocations in force: at start-up (the
     * replica is not ready until they are loaded) and then every {@link #revocationSyncInterval()},
     * from {@code GET <url>/api/v1/revocations} with a {@code client_credentials} token of its own
     * machine client (role {@code platform-service}) from {@code <url>/oauth/token}. AMQP only tells a
     * replica of the revocations made while it runs; this list tells it of the older ones.
     */
    interface AuthService {

        /**
         * Whether this service loads the revocations in force (build time: the loader and its
         * readiness check exist only where it is true). auth-service itself, which owns them, leaves it false.
         */
        @WithDefault("false")
        boolean loadRevocations();

        /** Base URL of auth-service. */
        @WithDefault("http://localhost:8081")
        String url();

        /** OAuth client id of this service's machine client at auth-service (role {@code platform-service}). */
        Optional<String> clientId();

        /**
         * Its client secret: from a Secret in production; the service does not start without it when
         * {@link #loadRevocations()} is true. Sent only in the Basic header of the token request, never logged.
         */
        Optional<String> clientSecret();

        /** Timeout of each HTTP request to auth-service. */
        @WithDefault("PT5S")
        Duration requestTimeout();

        /** Period of the safety-net reload after the first load (AMQP delivers revocations at once). */
        @WithDefault("PT1M")
        Duration revocationSyncInterval();

        /** Longest wait between attempts while the first load fails (the wait doubles from 1 s up to this). */
        @WithDefault("PT30S")
        Duration retryMaxBackoff();
    }
}
