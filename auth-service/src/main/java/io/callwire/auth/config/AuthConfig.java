package io.callwire.auth.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything a deployment of auth-service may change, under {@code callwire.auth}. */
@ConfigMapping(prefix = "callwire.auth")
public interface AuthConfig {

    /** The {@code iss} of every token, and the issuer the other services are configured to trust. */
    @WithDefault("http://localhost:8081")
    String issuer();

    /**
     * Requests per second one client address may make to {@code /oauth/token} and
     * {@code /oauth/revoke} on one replica; beyond, 429 {@code too_many_requests} with {@code Retry-After}.
     */
    @WithDefault("50")
    int tokenEndpointRequestsPerSecond();

    /** Lifetime of access tokens from {@code /oauth/token}. */
    @WithDefault("PT15M")
    Duration accessTokenLifetime();

    /** Lifetime of refresh tokens (each use rotates the token but keeps the family's end). */
    @WithDefault("PT12H")
    Duration refreshTokenLifetime();

    /**
     * When the demo organization, users and integration client are created at start (idempotent).
     * Only the {@code local} (and {@code dev}) profile sets it.
     */
    @WithDefault("false")
    boolean seedDemo();

    /** The reference API's RTE token call. */
    Rte rte();

    /** Signing keys. */
    Keys keys();

    /** Password hashing. */
    Password password();

    /** Throttling and lockout of failed sign-ins. */
    SignIn signIn();

    /** Relay of the outbox to AMQP. */
    Outbox outbox();

    /** The first platform administrator, created on an empty database. */
    Bootstrap bootstrap();

    /**
     * Addresses (IPs or CIDR ranges) of reverse proxies whose {@code X-Forwarded-For} is believed.
     * Requests from anything else are taken at their socket address.
     */
    Optional<List<String>> trustedProxies();

    /** The RTE token call. */
    interface Rte {
        /** Public WebSocket URL of subscription-service's hub, returned as {@code WssEndpoint}. */
        @WithDefault("ws://localhost:8082/rte")
        String wssEndpoint();

        /** Lifetime of RTE tokens (the Axialys document's two hours). */
        @WithDefault("PT2H")
        Duration tokenLifetime();

        /** Bind every RTE token to the caller's IP even when the request does not ask for it. */
        @WithDefault("false")
        boolean bindIpByDefault();
    }

    /** Signing keys: generated, encrypted at rest, rotated, published. */
    interface Keys {
        /** {@code ES256} (default, cheap to sign) or {@code RS256}. */
        @WithDefault("ES256")
        String algorithm();

        /**
         * Secret from which the AES-256 key that encrypts private keys at rest is derived (at least
         * 32 characters). No default: production supplies it as a secret.
         */
        String encryptionKey();

        /** Id of {@link #encryptionKey()}, written into every private key it seals (so the secret can rotate). */
        @WithDefault("k1")
        String encryptionKeyId();

        /**
         * Former key-encryption secrets, {@code id:secret}, still opening the private keys they
         * sealed. To rotate: move the current secret here under its id, set a new secret and id.
         * Private keys stored before key ids existed open with the entry {@code legacy} (by default
         * the current secret).
         */
        Optional<List<String>> previousEncryptionKeys();

        /** A new key is made when the signing key is older than this (checked hourly). */
        @WithDefault("P30D")
        Duration rotationInterval();

        /**
         * How long a new key is published before it signs, so that every replica has loaded it
         * before a token signed with it can reach them. At least twice {@link #refreshInterval()}
         * with several replicas.
         */
        @WithDefault("PT30S")
        Duration activationDelay();

        /** How often each replica reloads keys and revocations from the database. */
        @WithDefault("10s")
        String refreshInterval();
    }

    /** Password hashing. */
    interface Password {
        /** bcrypt cost (log2 rounds). */
        @WithDefault("11")
        int bcryptCost();

        /** Shortest password accepted by the administration API. */
        @WithDefault("8")
        int minLength();
    }

    /** Failed sign-ins slow down, then lock, per username and per source address. */
    interface SignIn {
        /** Failures within {@link #failureWindow()} before the key is locked. */
        @WithDefault("5")
        int maxFailures();

        /** Window in which failures are counted. */
        @WithDefault("PT15M")
        Duration failureWindow();

        /** How long a locked username or address stays locked. */
        @WithDefault("PT15M")
        Duration lockout();

        /** Extra delay per earlier failure before a failed answer is sent. */
        @WithDefault("PT0.5S")
        Duration slowdownStep();

        /** Failures per source address before that address is locked (several users behind one NAT). */
        @WithDefault("20")
        int maxFailuresPerAddress();
    }

    /** The transactional outbox. */
    interface Outbox {
        /** How often pending messages are relayed (also right after each write). */
        @WithDefault("2s")
        String relayInterval();

        /** Messages per relay round. */
        @WithDefault("100")
        int batchSize();

        /** How long the broker may take to accept one message before the round stops. */
        @WithDefault("PT5S")
        Duration sendTimeout();
    }

    /** The first administrator. */
    interface Bootstrap {
        /** Username of the first platform administrator (created only when there is no user at all). */
        @WithDefault("admin@callwire.local")
        String adminUsername();

        /** Its password: a secret in production. Without it nothing is created. */
        Optional<String> adminPassword();

        /** The platform organization it belongs to. */
        @WithDefault("Callwire Platform")
        String organizationName();
    }
}
