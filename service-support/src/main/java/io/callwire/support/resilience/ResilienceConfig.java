package io.callwire.support.resilience;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a service behaves when its database is slow, down or hung: every wait is bounded, so REST
 * answers 503 within seconds and readiness turns false within a probe's timeout instead of hanging
 * for as long as the database does.
 */
@ConfigMapping(prefix = "callwire.resilience")
public interface ResilienceConfig {

    /** The longest a request waits for a database connection from the pool before it fails (503). */
    @WithDefault("3s")
    Duration connectionAcquisitionTimeout();

    /** The longest the readiness check waits for {@code SELECT 1}; keep it below the probe's timeout. */
    @WithDefault("2s")
    Duration readinessTimeout();

    /**
     * The longest any HTTP request may take before the service answers 503 itself (a request
     * waiting on a hung database never ends otherwise). Paths in {@link #deadlineExemptPaths()}
     * are not limited.
     */
    @WithDefault("5s")
    Duration requestDeadline();

    /**
     * Path prefixes the request deadline does not apply to: health checks (bounded on their own),
     * WebSocket upgrades and long-polling transports, whose requests are meant to stay open.
     * {@code *} stands for one path segment ({@code /api/v1/webhooks/*}{@code /test}).
     */
    @WithDefault("/q/,/rte,/socket.io/")
    List<String> deadlineExemptPaths();
}
