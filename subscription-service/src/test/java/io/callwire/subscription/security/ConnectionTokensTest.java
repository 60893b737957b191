package io.callwire.subscription.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.subscription.config.RteConfig;

/** Negotiate's connection tokens: accepted by any replica with the key, for their subject, until they expire. */
class ConnectionTokensTest {

    private static RteConfig config(String key) {
        return new RteConfig() {
            public String connectionTokenKey() { return key; }
            public Duration connectionTokenTtl() { return Duration.ofMinutes(1); }
            public Duration pingInterval() { return Duration.ofSeconds(15); }
            public Duration handshakeTimeout() { return Duration.ofSeconds(15); }
            public Duration clientTimeout() { return Duration.ofSeconds(60); }
            public int maxMessageSize() { return 65536; }
            public int maxSubscriptionsPerConnection() { return 1000; }
            public int maxConnectionsPerUser() { return 20; }
            public java.time.Duration replicaHeartbeatInterval() { return java.time.Duration.ofSeconds(5); }
            public java.time.Duration replicaExpiry() { return java.time.Duration.ofSeconds(15); }
            public Optional<String> replicaName() { return Optional.empty(); }
            public int writeQueueMaxBytes() { return 1 << 20; }
            public Optional<List<String>> trustedProxies() { return Optional.empty(); }
            public Duration revocationRetention() { return Duration.ofHours(24); }
            public boolean seedDemo() { return false; }
        };
    }

    private static final String KEY = "unit-test-connection-token-key-0123456789";

    @Test
    void anotherReplicaWithTheSameKeyAcceptsTheTokenForItsSubjectOnly() {
        UUID connection = UUID.randomUUID();
        String token = new ConnectionTokens(config(KEY)).issue(connection, "alice");
        ConnectionTokens otherReplica = new ConnectionTokens(config(KEY));
        assertThat(otherReplica.verify(token, "alice")).contains(connection);
        assertThat(otherReplica.verify(token, "bob")).isEmpty();
        assertThat(new ConnectionTokens(config(KEY.replace('0', 'x'))).verify(token, "alice")).isEmpty();
    }

    @Test
    void refusesExpiredAndMalformedTokens() {
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        String token = new ConnectionTokens(config(KEY), Clock.fixed(issued, ZoneOffset.UTC)).issue(UUID.randomUUID(), "alice");
        ConnectionTokens later = new ConnectionTokens(config(KEY), Clock.fixed(issued.plusSeconds(61), ZoneOffset.UTC));
        assertThat(later.verify(token, "alice")).isEmpty();
        ConnectionTokens now = new ConnectionTokens(config(KEY));
        assertThat(now.verify("", "alice")).isEmpty();
        assertThat(now.verify("abc", "alice")).isEmpty();
        assertThat(now.verify("!!!.???", "alice")).isEmpty();
    }

    @Test
    void refusesAShortKey() {
        assertThatThrownBy(() -> new ConnectionTokens(config("short"))).hasMessageContaining("32");
    }
}
