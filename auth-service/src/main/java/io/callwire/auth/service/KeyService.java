package io.callwire.auth.service;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;

import io.callwire.auth.SigningKey;
import io.callwire.auth.config.AuthConfig;
import io.callwire.auth.repository.SigningKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Creates, rotates, loads and forgets signing keys. Keys live in the database so that every
 * replica signs with and publishes the same ones; each replica reloads them every
 * {@code callwire.auth.keys.refresh-interval}. A new key is published {@code activation-delay}
 * before it signs, and a retired key stays published until the longest token it signed expired.
 */
@ApplicationScoped
public class KeyService {

    private static final Logger LOG = Logger.getLogger(KeyService.class);

    private final SigningKeyRepository repository;
    private final KeyRing ring;
    private final KeyCrypto crypto;
    private final AuthConfig config;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong lastUnknownKidReload = new AtomicLong();

    private final io.vertx.core.Vertx vertx;

    public KeyService(SigningKeyRepository repository, KeyRing ring, KeyCrypto crypto, AuthConfig config, io.vertx.core.Vertx vertx) {
        this.vertx = vertx;
        this.repository = repository;
        this.ring = ring;
        this.crypto = crypto;
        this.config = config;
    }

    /** The longest any token signed by a key can live, plus clock skew. */
    public Duration longestTokenLifetime() {
        Duration longest = config.accessTokenLifetime();
        if (config.rte().tokenLifetime().compareTo(longest) > 0) {
            longest = config.rte().tokenLifetime();
        }
        return longest.plusMinutes(1);
    }

    /** At start: makes sure a key exists (the first one signs at once), then loads the ring. */
    public Uni<Void> initialize() {
        return Panache.withTransaction(() -> AdvisoryLocks.lock(AdvisoryLocks.KEYS)
                .chain(repository::unretired)
                .chain(keys -> keys.isEmpty() ? repository.persist(newKey(Instant.now(), Duration.ZERO)).replaceWithVoid()
                        : Uni.createFrom().voidItem()))
                .chain(this::reload);
    }

    /**
     * Makes a new key that signs after the activation delay and retires the current ones at that
     * moment. Returns the new key's id.
     */
    public Uni<SigningKey> rotate() {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> AdvisoryLocks.lock(AdvisoryLocks.KEYS)
                .chain(repository::unretired)
                .chain(current -> {
                    SigningKey next = newKey(now, config.keys().activationDelay());
                    for (SigningKey key : current) {
                        key.setRetiredAt(next.getActivatesAt());
                        key.setPublishUntil(next.getActivatesAt().plus(longestTokenLifetime()));
                    }
                    return repository.persist(next);
                }))
                .call(this::reload)
                .invoke(key -> LOG.infof("signing key %s created; it signs from %s", key.getKid(), key.getActivatesAt()));
    }

    /** Reloads the ring from the database. */
    public Uni<Void> reload() {
        Instant now = Instant.now();
        return Panache.withSession(() -> repository.published(now))
                .invoke(keys -> {
                    List<KeyRing.LoadedKey> loaded = new ArrayList<>();
                    for (SigningKey key : keys) {
                        loaded.add(load(key));
                    }
                    ring.replace(loaded);
                })
                .replaceWithVoid();
    }

    /**
     * A token arrived with a {@code kid} this replica does not know: another replica may have just
     * rotated. Reloads at most once a second, in the background.
     */
    public void unknownKeySeen() {
        long now = System.currentTimeMillis();
        long last = lastUnknownKidReload.get();
        if (now - last > 1000 && lastUnknownKidReload.compareAndSet(last, now)) {
            Contexts.runDetached(vertx, this::reload, "signing keys reload");
        }
    }

    @Scheduled(every = "{callwire.auth.keys.refresh-interval}", delayed = "{callwire.auth.keys.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshPeriodically() {
        return Uni.createFrom().deferred(this::reload).onFailure().invoke(e -> LOG.warnf("signing keys not reloaded: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rotateWhenDue() {
        Instant due = Instant.now().minus(config.keys().rotationInterval());
        return Uni.createFrom().deferred(() -> Panache.withSession(repository::unretired))
                .chain(keys -> keys.stream().allMatch(k -> k.getCreatedAt().isBefore(due)) ? rotate().replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .chain(() -> Panache.withTransaction(() -> repository.deleteExpired(Instant.now())))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("scheduled key rotation failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private KeyRing.LoadedKey load(SigningKey key) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.getPublicJwk());
            byte[] pkcs8 = crypto.decrypt(key.getKid(), key.getPrivateKeyEncrypted());
            String family = AlgorithmIdentifiers.RSA_USING_SHA256.equals(key.getAlgorithm()) ? "RSA" : "EC";
            PrivateKey privateKey = KeyFactory.getInstance(family).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new KeyRing.LoadedKey(key.getKid(), key.getAlgorithm(), jwk.getPublicKey(), privateKey,
                    jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), key.getActivatesAt(), key.getRetiredAt());
        } catch (JoseException | GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + key.getKid() + " cannot be loaded: " + e.getClass().getSimpleName());
        }
    }

    private SigningKey newKey(Instant now, Duration activationDelay) {
        String algorithm = config.keys().algorithm();
        byte[] id = new byte[12];
        random.nextBytes(id);
        String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        try {
            KeyPair pair;
            if (AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256.equals(algorithm)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                pair = generator.generateKeyPair();
            } else if (AlgorithmIdentifiers.RSA_USING_SHA256.equals(algorithm)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            } else {
                throw new IllegalStateException("callwire.auth.keys.algorithm must be ES256 or RS256, not " + algorithm);
            }
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            jwk.setKeyId(kid);
            jwk.setAlgorithm(algorithm);
            jwk.setUse("sig");
            SigningKey key = new SigningKey();
            key.setKid(kid);
            key.setAlgorithm(algorithm);
            key.setPublicJwk(jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            key.setPrivateKeyEncrypted(crypto.encrypt(kid, pair.getPrivate().getEncoded()));
            Instant created = now.truncatedTo(ChronoUnit.MILLIS);
            key.setCreatedAt(created);
            key.setActivatesAt(created.plus(activationDelay));
            return key;
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("key generation failed", e);
        }
    }
}
