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
}
