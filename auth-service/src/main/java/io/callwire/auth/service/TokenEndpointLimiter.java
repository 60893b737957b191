package io.callwire.auth.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.config.AuthConfig;

/**
 * A per-address, per-replica limit on the token endpoints ({@code callwire.auth.token-endpoint-requests-per-second}),
 * in memory and before any database work or hashing: a flood from one address cannot keep the
 * bcrypt workers or the database busy. One-second fixed windows; the map is bounded.
 */
@ApplicationScoped
public class TokenEndpointLimiter {

    private static final int MAX_ADDRESSES = 100_000;

    private record Window(long second, int count) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int perSecond;

    public TokenEndpointLimiter(AuthConfig config) {
        this.perSecond = config.tokenEndpointRequestsPerSecond();
    }

    /** Counts a request from {@code address}; throws 429 {@code too_many_requests} beyond the limit. */
    public void admit(String address) {
        long second = System.currentTimeMillis() / 1000;
        if (windows.size() > MAX_ADDRESSES) {
            windows.clear();
        }
        Window window = windows.compute(address == null ? "unknown" : address,
                (key, current) -> current == null || current.second() != second ? new Window(second, 1)
                        : new Window(second, current.count() + 1));
        if (window.count() > perSecond) {
            throw OAuthException.rateLimited();
        }
    }
}
