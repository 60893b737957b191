package io.callwire.auth.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.config.AuthConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * bcrypt hashing and checking of passwords and client secrets, always on the worker pool (tens of
 * milliseconds of CPU each). The result comes back on the caller's Vert.x context, so Hibernate
 * Reactive work can follow.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final String SHA256_PREFIX = "sha256:";

    private final Vertx vertx;
    private final int cost;
    /** Checked against when the user does not exist, so that both cases take the same time. */
    private final String decoyHash;

    public PasswordHasher(Vertx vertx, AuthConfig config) {
        this.vertx = vertx;
        this.cost = config.password().bcryptCost();
        this.decoyHash = BcryptUtil.bcryptHash("decoy-" + System.nanoTime(), cost);
    }

    /** Hashes a secret. */
    public Uni<String> hash(String secret) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(secret, cost)), false);
    }

    /**
     * Hashes a secret WE generated (256 random bits): a plain SHA-256 resists guessing as well as
     * bcrypt would, and lets machine clients authenticate without a bcrypt per token request.
     */
    public String hashGeneratedSecret(String secret) {
        return SHA256_PREFIX + sha256Hex(secret);
    }

    /** Checks a secret against a hash, or against a decoy when {@code hash} is null (always false then). */
    public Uni<Boolean> matches(String secret, String hash) {
        if (hash != null && hash.startsWith(SHA256_PREFIX)) {
            // constant-time comparison of digests; cheap enough for the event loop
            boolean equal = java.security.MessageDigest.isEqual(
                    hash.substring(SHA256_PREFIX.length()).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    sha256Hex(secret).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return Uni.createFrom().item(equal);
        }
        String against = hash == null ? decoyHash : hash;
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.matches(secret, against) && hash != null), false);
    }

    private static String sha256Hex(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
