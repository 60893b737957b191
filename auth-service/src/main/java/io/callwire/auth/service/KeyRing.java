package io.callwire.auth.service;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * The keys of this replica, in memory: what signs, what verifies, what the JWKS publishes. Loaded
 * from the database by {@link KeyService} (so that every replica has the same keys) and swapped as
 * one immutable snapshot: signing and verification never touch the database.
 */
@ApplicationScoped
public class KeyRing {

    /** One key, decrypted. */
    public record LoadedKey(String kid, String algorithm, PublicKey publicKey, PrivateKey privateKey, String publicJwk,
            Instant activatesAt, Instant retiredAt) {
    }

    private record Snapshot(List<LoadedKey> keys, Map<String, LoadedKey> byKid, String jwks) {
    }

    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), "{\"keys\":[]}");

    /** Replaces every key at once. */
    public void replace(List<LoadedKey> keys) {
        List<LoadedKey> sorted = keys.stream().sorted(Comparator.comparing(LoadedKey::activatesAt)).toList();
        String jwks = sorted.stream().map(LoadedKey::publicJwk).collect(Collectors.joining(",", "{\"keys\":[", "]}"));
        snapshot = new Snapshot(sorted, sorted.stream().collect(Collectors.toUnmodifiableMap(LoadedKey::kid, Function.identity())), jwks);
    }

    /** The public JWKS document. */
    public String jwks() {
        return snapshot.jwks();
    }

    /** The key that verifies tokens carrying {@code kid}, if published. */
    public Optional<LoadedKey> verificationKey(String kid) {
        return kid == null ? Optional.empty() : Optional.ofNullable(snapshot.byKid().get(kid));
    }

    /** Every published key, oldest first. */
    public List<LoadedKey> keys() {
        return snapshot.keys();
    }

    /** The key that signs now: the newest one already active and not retired. */
    public LoadedKey signingKey(Instant now) {
        LoadedKey chosen = null;
        for (LoadedKey key : snapshot.keys()) {
            if (!key.activatesAt().isAfter(now) && (key.retiredAt() == null || key.retiredAt().isAfter(now))) {
                chosen = key;
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("no signing key is active");
        }
        return chosen;
    }

    /** Signs {@code claims} as a compact JWS with the current signing key. */
    public String sign(JwtClaims claims, Instant now) {
        LoadedKey key = signingKey(now);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.privateKey());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setAlgorithmHeaderValue(key.algorithm());
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("signing failed with key " + key.kid(), e);
        }
    }
}
