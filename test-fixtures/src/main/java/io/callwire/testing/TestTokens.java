package io.callwire.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import io.callwire.contract.security.TokenClaims;

/**
 * Signs test JWTs the way auth-service signs production ones (ES256, {@code kid} in the header,
 * the Callwire claims), with a key pair made once per test JVM and published by {@link JwksResource}.
 *
 * <p>The token kinds of production: {@link #access} (REST, {@code aud = callwire-api}, with a
 * {@code sid}), {@link #clientCredentials} (REST, {@code aud = callwire-api}, {@code client_id}, no
 * {@code sid}), {@link #rte} ({@code aud = callwire-rte}, with a {@code sid}) and
 * {@link #refreshAsBearer} (an opaque refresh token sent as a bearer token). {@link #user} and
 * {@link #builder} keep their former meaning for existing tests: a token valid on REST and on the
 * real-time endpoints alike (both audiences), which auth-service never issues.
 *
 * <p>And the tokens a verifier must refuse: {@link Builder#expired}, {@link Builder#notYetValid},
 * {@link Builder#tamperedWith}, {@link Builder#unsigned} ({@code alg: none}),
 * {@link Builder#signHs256WithPublicKey} (HS256 keyed with the public key), {@link Builder#signWithUnknownKey}
 * (unknown {@code kid}), {@link Builder#otherIssuer}, {@link Builder#signWithRotatedOutKey} (a key
 * no longer published) and {@link Builder#boundTo} another address.
 */
public final class TestTokens {

    /** The issuer the services under test are configured to trust. */
    public static final String ISSUER = "https://auth.callwire.test";

    /** The signature algorithm, as auth-service's: the services set {@code mp.jwt.verify.publickey.algorithm} to it. */
    public static final String ALGORITHM = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;

    private static final PublicJsonWebKey KEY = newKey("test-key-1");
    private static final PublicJsonWebKey UNKNOWN_KEY = newKey("unknown-key");
    private static final PublicJsonWebKey ROTATED_OUT_KEY = newKey("test-key-0");

    /** An issuer no service trusts. */
    public static final String OTHER_ISSUER = "https://auth.attacker.test";
    /** An address no test client connects from, for tokens bound elsewhere. */
    public static final String OTHER_IP = "203.0.113.77";

    private TestTokens() {
    }

    /** The public JWKS that verifies every token signed here (never the unknown key). */
    public static String jwks() {
        return new JsonWebKeySet(KEY).toJson();
    }

    /** A builder for a user of an organization. */
    public static Builder user(UUID organizationId, UUID userId, String... roles) {
        return new Builder().subject(userId.toString()).organization(organizationId).roles(roles)
                .upn("user-" + userId.toString().substring(0, 8) + "@callwire.test");
    }

    /** A builder with nothing set but the issuer, both audiences (valid on REST and /rte) and a one-hour lifetime. */
    public static Builder builder() {
        return new Builder();
    }

    /** A user's REST access token: {@code aud = callwire-api}, {@code token_use = access}, a fresh {@code sid}, 15 minutes. */
    public static Builder access(UUID organizationId, UUID userId, String... roles) {
        return user(organizationId, userId, roles).audience(TokenClaims.AUDIENCE_API)
                .claim(TokenClaims.TOKEN_USE, TokenClaims.USE_ACCESS).session(UUID.randomUUID().toString())
                .lifetime(Duration.ofMinutes(15));
    }

    /** An API client's client-credentials token: {@code aud = callwire-api}, {@code client_id}, no {@code sid}. */
    public static Builder clientCredentials(UUID organizationId, UUID clientGuid, String clientId, String... roles) {
        return new Builder().subject(clientGuid.toString()).organization(organizationId).roles(roles).upn(clientId)
                .audience(TokenClaims.AUDIENCE_API).claim(TokenClaims.TOKEN_USE, TokenClaims.USE_ACCESS)
                .claim(TokenClaims.CLIENT_ID, clientId).lifetime(Duration.ofMinutes(15));
    }

    /** An RTE token: {@code aud = callwire-rte}, {@code token_use = rte}, a fresh {@code sid}, 2 hours. */
    public static Builder rte(UUID organizationId, UUID userId, String... roles) {
        return user(organizationId, userId, roles).audience(TokenClaims.AUDIENCE_RTE)
                .claim(TokenClaims.TOKEN_USE, TokenClaims.USE_RTE).session(UUID.randomUUID().toString())
                .lifetime(Duration.ofHours(2));
    }

    /** A refresh token as auth-service issues them (256 random bits, opaque, not a JWT), to send as a bearer token. */
    public static String refreshAsBearer() {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Builds one token. */
    public static final class Builder {
        private String issuer = ISSUER;
        private List<String> audiences = List.of(TokenClaims.AUDIENCE_API, TokenClaims.AUDIENCE_RTE);
        private Instant notBefore;
        private String subject = UUID.randomUUID().toString();
        private String upn;
        private UUID organization;
        private List<String> roles = new ArrayList<>();
        private Instant issuedAt = Instant.now();
        private Duration lifetime = Duration.ofHours(1);
        private String tokenId = UUID.randomUUID().toString();
        private final Map<String, Object> extraClaims = new LinkedHashMap<>();

        public Builder issuer(String value) { this.issuer = value; return this; }
        /** One audience ({@code callwire-api}, {@code callwire-rte}, or anything to refuse). */
        public Builder audience(String value) { this.audiences = List.of(value); return this; }
        /** The sign-in session ({@code sid}). */
        public Builder session(String value) { return claim(TokenClaims.SESSION, value); }
        /** An issuer no service trusts. */
        public Builder otherIssuer() { this.issuer = OTHER_ISSUER; return this; }
        public Builder subject(String value) { this.subject = value; return this; }
        public Builder upn(String value) { this.upn = value; return this; }
        public Builder organization(UUID value) { this.organization = value; return this; }
        public Builder roles(String... value) { this.roles = new ArrayList<>(List.of(value)); return this; }
        public Builder issuedAt(Instant value) { this.issuedAt = value; return this; }
        public Builder lifetime(Duration value) { this.lifetime = value; return this; }
        public Builder tokenId(String value) { this.tokenId = value; return this; }
        /** Bound to a client address, as auth-service does on request. */
        public Builder boundTo(String ipAddress) { return claim(TokenClaims.BOUND_IP, ipAddress); }
        public Builder claim(String name, Object value) { this.extraClaims.put(name, value); return this; }

        /** Expired an hour ago. */
        public Builder expired() {
            this.issuedAt = Instant.now().minus(Duration.ofHours(3));
            this.lifetime = Duration.ofHours(2);
            return this;
        }

        /** Valid only from an hour from now ({@code nbf}, and {@code iat} now). */
        public Builder notYetValid() {
            this.notBefore = Instant.now().plus(Duration.ofHours(1));
            this.lifetime = Duration.ofHours(2);
            return this;
        }

        /** A valid, signed token. */
        public String sign() {
            return sign(KEY, ALGORITHM);
        }

        /** Signed by a key no JWKS publishes, with a {@code kid} nobody knows. */
        public String signWithUnknownKey() {
            return sign(UNKNOWN_KEY, ALGORITHM);
        }

        /** Signed by a key that was once published under the {@code kid} {@code test-key-0} and is no more. */
        public String signWithRotatedOutKey() {
            return sign(ROTATED_OUT_KEY, ALGORITHM);
        }

        /**
         * The algorithm-confusion attack: {@code alg: HS256} with the service's published public key
         * (its X.509 encoding) as the HMAC secret, under the real {@code kid}.
         */
        public String signHs256WithPublicKey() {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims().toJson());
            jws.setKey(new javax.crypto.spec.SecretKeySpec(KEY.getPublicKey().getEncoded(), "HmacSHA256"));
            jws.setKeyIdHeaderValue(KEY.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setDoKeyValidation(false);
            jws.setHeader("typ", "JWT");
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Unsigned, with {@code alg: none}. */
        public String unsigned() {
            String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
            return header + "." + base64Url(claims().toJson()) + ".";
        }

        /** Validly signed, then the payload swapped for one with other claims (e.g. another organization). */
        public String tamperedWith(UUID otherOrganization) {
            String[] parts = sign().split("\\.");
            JwtClaims claims = claims();
            claims.setClaim(TokenClaims.ORGANIZATION, otherOrganization.toString());
            return parts[0] + "." + base64Url(claims.toJson()) + "." + parts[2];
        }

        private JwtClaims claims() {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setAudience(audiences);
            claims.setSubject(subject);
            if (upn != null) {
                claims.setClaim("upn", upn);
            }
            if (organization != null) {
                claims.setClaim(TokenClaims.ORGANIZATION, organization.toString());
            }
            claims.setStringListClaim("groups", roles);
            claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
            claims.setExpirationTime(NumericDate.fromSeconds(issuedAt.plus(lifetime).getEpochSecond()));
            claims.setJwtId(tokenId);
            if (notBefore != null) {
                claims.setNotBefore(NumericDate.fromSeconds(notBefore.getEpochSecond()));
            }
            extraClaims.forEach(claims::setClaim);
            return claims;
        }

        private String sign(PublicJsonWebKey key, String algorithm) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims().toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(algorithm);
            jws.setHeader("typ", "JWT");
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static PublicJsonWebKey newKey(String keyId) {
        try {
            PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(keyId);
            key.setAlgorithm(ALGORITHM);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
