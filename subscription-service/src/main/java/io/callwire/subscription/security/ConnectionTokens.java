package io.callwire.subscription.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.subscription.config.RteConfig;

/**
 * The connection tokens of {@code /rte/negotiate}: self-contained and signed (HMAC-SHA256 over the
 * connection id, the token subject and an expiry) so that any replica accepts the WebSocket that
 * follows negotiation without shared state or sticky sessions.
 */
@ApplicationScoped
public class ConnectionTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final RteConfig config;
    private final Clock clock;

    @jakarta.inject.Inject
    public ConnectionTokens(RteConfig config) {
        this(config, Clock.systemUTC());
    }

    ConnectionTokens(RteConfig config, Clock clock) {
        if (config.connectionTokenKey().length() < 32) {
            throw new IllegalStateException("callwire.rte.connection-token-key must have at least 32 characters");
        }
        this.key = new SecretKeySpec(config.connectionTokenKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.config = config;
        this.clock = clock;
    }

    /** A new connection token for the subject; the connection id is inside it. */
    public String issue(UUID connectionId, String subject) {
        long expiresAt = clock.instant().plus(config.connectionTokenTtl()).getEpochSecond();
        String payload = connectionId + "|" + expiresAt + "|" + subject;
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(sign(payload));
    }

    /** The connection id of a valid, unexpired token issued to this subject; empty otherwise. */
    public Optional<UUID> verify(String token, String subject) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            String payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(sign(payload), signature)) {
                return Optional.empty();
            }
            String[] parts = payload.split("\\|", 3);
            if (parts.length != 3 || !parts[2].equals(subject)
                    || Instant.ofEpochSecond(Long.parseLong(parts[1])).isBefore(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(parts[0]));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
