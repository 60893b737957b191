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

    /** Checks a secret against a hash, or against a decoy when {@code hash} is null (always false then). */
    public Uni<Boolean> matches(String secret, String hash) {
        String against = hash == null ? decoyHash : hash;
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.matches(secret, against) && hash != null), false);
    }
}
