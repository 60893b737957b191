package io.callwire.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import io.callwire.auth.ApiClient;
import io.callwire.auth.Organization;
import io.callwire.auth.RefreshToken;
import io.callwire.auth.Revocation;
import io.callwire.auth.RteToken;
import io.callwire.auth.TokenResponse;
import io.callwire.auth.UserAccount;
import io.callwire.auth.config.AuthConfig;
import io.callwire.auth.repository.ApiClientRepository;
import io.callwire.auth.repository.OrganizationRepository;
import io.callwire.auth.repository.RefreshTokenRepository;
import io.callwire.auth.repository.UserRepository;
import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.contract.security.Roles;
import io.callwire.contract.security.TokenClaims;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The OAuth 2.0 grants, RFC 7009 revocation and the RTE token call. Only sign-in touches bcrypt
 * (on the worker pool); the RTE exchange of the caller's own token is pure memory: the caller's
 * token was verified in-process, the new one is signed with the cached key.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);
    private static final String BAD_CREDENTIALS = "Invalid username or password";
    private static final String BAD_REFRESH = "Invalid, expired or revoked refresh token";

    /** Credentials of an OAuth client from HTTP Basic or the form. */
    public record ClientCredentials(String clientId, String secret) {
    }

    private record UserAndOrganization(UserAccount user, Organization organization) {
        boolean active() {
            return user != null && user.isEnabled() && organization != null && organization.isEnabled();
        }
    }

    private record ClientAndOrganization(ApiClient client, Organization organization) {
        boolean active() {
            return client != null && client.isEnabled() && organization != null && organization.isEnabled();
        }
    }

    /**
     * What the refresh transaction decided; failures are returned, not thrown, so that a family
     * revocation commits. {@code revocation}: the session revocation to apply after the commit.
     */
    private record RefreshOutcome(TokenPrincipal principal, String refreshToken, String failure, String sessionId,
                                  boolean bindByOrganization, Revocation revocation) {
        static RefreshOutcome failed(Revocation revocation) {
            return new RefreshOutcome(null, null, BAD_REFRESH, null, false, revocation);
        }
    }

    private final UserRepository users;
    private final ApiClientRepository clients;
    private final OrganizationRepository organizations;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    private final TokenIssuer issuer;
    private final AuthTokenVerifier verifier;
    private final RevocationService revocations;
    private final AuthConfig config;
    private final SecureRandom random = new SecureRandom();

    public TokenService(UserRepository users, ApiClientRepository clients, OrganizationRepository organizations,
            RefreshTokenRepository refreshTokens, PasswordHasher hasher, SignInThrottle throttle, TokenIssuer issuer,
            AuthTokenVerifier verifier, RevocationService revocations, AuthConfig config) {
        this.users = users;
        this.clients = clients;
        this.organizations = organizations;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.issuer = issuer;
        this.verifier = verifier;
        this.revocations = revocations;
        this.config = config;
    }

    /** Resource owner password credentials grant (RFC 6749 4.3). */
    public Uni<TokenResponse> password(String username, String password, ClientCredentials client, String address, boolean bindIp) {
        String name = username.trim().toLowerCase(Locale.ROOT);
        Uni<String> clientId = client == null ? Uni.createFrom().nullItem()
                : authenticateClient(client, address).map(c -> c.client().getClientId());
        return clientId.chain(authenticatedClient -> throttle.attempt(name, address, true)
                .chain(attempt -> Panache.withSession(() -> users.findByUsername(name)
                        .chain(user -> user == null ? Uni.createFrom().item(new UserAndOrganization(null, null))
                                : organizations.findById(user.getOrganizationId()).map(org -> new UserAndOrganization(user, org))))
                        .chain(found -> hasher.matches(password, found.user() == null ? null : found.user().getPasswordHash())
                                .chain(matches -> {
                                    if (!matches || !found.active()) {
                                        return this.<TokenResponse>failSlowly(attempt, OAuthException.invalidGrant(BAD_CREDENTIALS));
                                    }
                                    TokenPrincipal principal = principalOf(found.user());
                                    // the refresh-token family is the sign-in session: its id is the sid of every token minted in it
                                    UUID session = UUID.randomUUID();
                                    boolean bind = bindIp || found.organization().isBindTokensToIp();
                                    return throttle.succeeded(attempt)
                                            .chain(() -> newRefreshToken(principal, authenticatedClient, session,
                                                    Instant.now().plus(config.refreshTokenLifetime())))
                                            .map(refresh -> respond(principal, refresh, address, bind, session.toString()));
                                }))));
    }

    /** Client credentials grant (RFC 6749 4.4): no refresh token. */
    public Uni<TokenResponse> clientCredentials(ClientCredentials client, String address, boolean bindIp) {
        if (client == null) {
            return Uni.createFrom().failure(OAuthException.invalidClient());
        }
        return authenticateClient(client, address).map(found -> {
            ApiClient c = found.client();
            TokenPrincipal principal = new TokenPrincipal(c.getId(), c.getOrganizationId(), c.getClientId(), c.getRoles(), c.getClientId());
            return respond(principal, null, address, bindIp || found.organization().isBindTokensToIp(), null);
        });
    }

    /**
     * Refresh token grant (RFC 6749 6): the token is spent and a successor issued in the same family
     * (same absolute end). A spent token presented again revokes the whole family.
     */
    public Uni<TokenResponse> refresh(String refreshToken, ClientCredentials client, String address, boolean bindIp) {
        Uni<String> clientId = client == null ? Uni.createFrom().nullItem()
                : authenticateClient(client, address).map(c -> c.client().getClientId());
        String hash = sha256(refreshToken);
        return clientId.chain(authenticatedClient -> Panache.withTransaction(() -> refreshTokens.findByHash(hash)
                .chain(token -> spend(token, authenticatedClient))))
                .invoke(outcome -> {
                    if (outcome.revocation() != null) {
                        revocations.afterCommit(outcome.revocation());
                    }
                })
                .map(outcome -> {
                    if (outcome.failure() != null) {
                        throw OAuthException.invalidGrant(outcome.failure());
                    }
                    return respond(outcome.principal(), outcome.refreshToken(), address,
                            bindIp || outcome.bindByOrganization(), outcome.sessionId());
                });
    }

    private Uni<RefreshOutcome> spend(RefreshToken token, String authenticatedClient) {
        Instant now = Instant.now();
        if (token == null || token.getRevokedAt() != null || !token.getExpiresAt().isAfter(now)
                || !Objects.equals(token.getClientId(), authenticatedClient)) {
            return Uni.createFrom().item(RefreshOutcome.failed(null));
        }
        // a spent refresh token presented again: someone holds a copy. The whole sign-in session ends —
        // its refresh family here, and every access and RTE token carrying its sid, announced to every
        // service (subscription-service closes the sockets opened with them)
        Uni<RefreshOutcome> reuse = refreshTokens.revokeFamily(token.getFamilyId(), now)
                .chain(() -> revocations.revokeSession(token.getSubject(), token.getOrganizationId(), token.getFamilyId().toString(),
                        RevocationMessage.REASON_REFRESH_REUSED))
                .invoke(() -> LOG.warnf("refresh token reuse detected: session %s of subject %s revoked", token.getFamilyId(), token.getSubject()))
                .map(RefreshOutcome::failed);
        if (token.getUsedAt() != null) {
            return reuse;
        }
        // conditional update: of two concurrent uses of one token, exactly one wins
        return refreshTokens.update("usedAt = ?1 where id = ?2 and usedAt is null and revokedAt is null", now, token.getId())
                .chain(updated -> updated == 0 ? reuse
                        : users.findById(token.getSubject())
                                .chain(user -> user == null ? Uni.createFrom().item(new UserAndOrganization(null, null))
                                        : organizations.findById(user.getOrganizationId()).map(org -> new UserAndOrganization(user, org)))
                                .chain(found -> {
                                    if (!found.active()) {
                                        return Uni.createFrom().item(RefreshOutcome.failed(null));
                                    }
                                    TokenPrincipal principal = principalOf(found.user());
                                    return newRefreshToken(principal, token.getClientId(), token.getFamilyId(), token.getExpiresAt())
                                            .map(value -> new RefreshOutcome(principal, value, null, token.getFamilyId().toString(),
                                                    found.organization().isBindTokensToIp(), null));
                                }));
    }

    /**
     * RFC 7009: revokes an access token (by its {@code jti}, announced on AMQP) or a refresh token
     * (its whole family). Unknown, invalid or foreign tokens are ignored: the answer is always 200.
     */
    public Uni<Void> revoke(String token, ClientCredentials client, String address) {
        Uni<String> clientId = client == null ? Uni.createFrom().nullItem()
                : authenticateClient(client, address).map(c -> c.client().getClientId());
        return clientId.chain(authenticatedClient -> {
            if (token.chars().filter(c -> c == '.').count() == 2) {
                return revokeAccessToken(token);
            }
            // a refresh token revoked is a sign-out: the session ends with every token minted in it
            return Panache.withTransaction(() -> refreshTokens.findByHash(sha256(token))
                    .chain(found -> found == null || !Objects.equals(found.getClientId(), authenticatedClient)
                            ? Uni.createFrom().<Revocation>nullItem()
                            : refreshTokens.revokeFamily(found.getFamilyId(), Instant.now())
                                    .chain(() -> revocations.revokeSession(found.getSubject(), found.getOrganizationId(),
                                            found.getFamilyId().toString(), RevocationMessage.REASON_SESSION_ENDED))))
                    .invoke(revocation -> {
                        if (revocation != null) {
                            revocations.afterCommit(revocation);
                        }
                    })
                    .replaceWithVoid();
        });
    }

    private Uni<Void> revokeAccessToken(String token) {
        JwtClaims claims = verifier.verifiedClaims(token);
        if (claims == null) {
            return Uni.createFrom().voidItem();
        }
        try {
            String org = claims.getStringClaimValue(TokenClaims.ORGANIZATION);
            Instant expiresAt = Instant.ofEpochSecond(claims.getExpirationTime().getValue());
            String subject = claims.getSubject();
            String tokenId = claims.getJwtId();
            return Panache.withTransaction(() -> revocations.revokeToken(subject, UUID.fromString(org), tokenId, expiresAt))
                    .invoke(revocations::afterCommit)
                    .replaceWithVoid();
        } catch (MalformedClaimException | RuntimeException e) {
            return Uni.createFrom().voidItem();
        }
    }

    /**
     * The RTE token of the caller itself: no database, no hashing. It inherits the caller's sign-in
     * session ({@code sid}) and its binding: an RTE token minted from a bound access token is bound
     * (to the same address, the one the request came from). An organization that binds its tokens
     * by default has bound the access token at sign-in, so its RTE tokens are bound too.
     */
    public RteToken rteForCaller(Caller caller, String address, boolean bindIp) {
        TokenPrincipal principal = new TokenPrincipal(caller.subject(), caller.organizationId(), caller.upn(),
                caller.roles().stream().sorted().toList(), caller.clientId());
        return rte(principal, address, bindIp || caller.boundIp() != null, null, caller.sessionId());
    }

    /** The RTE token of another user: org-admins for their organization, platform-admins for anyone. */
    public Uni<RteToken> rteForUser(Caller caller, UUID userId, String address, boolean bindIp) {
        if (userId.equals(caller.subject())) {
            return Uni.createFrom().item(rteForCaller(caller, address, bindIp));
        }
        if (!caller.isPlatformAdmin() && !caller.roles().contains(Roles.ORG_ADMIN)) {
            return Uni.createFrom().failure(new ForbiddenProblem("Only administrators obtain tokens for other users"));
        }
        return Panache.withSession(() -> users.findById(userId)
                .chain(user -> user == null || !caller.administers(user.getOrganizationId()) ? Uni.createFrom().failure(new NotFoundProblem("User"))
                        : organizations.findById(user.getOrganizationId()).map(org -> new UserAndOrganization(user, org))))
                .map(found -> {
                    if (!caller.mayActOn(found.user().getOrganizationId(), found.user().getRoles())) {
                        // an org-admin minting a platform-admin's token would act with every organization's rights
                        throw new ForbiddenProblem("Only platform administrators obtain tokens for platform administrators");
                    }
                    if (!found.active()) {
                        throw new ConflictProblem(null, "The user or its organization is disabled");
                    }
                    // minted in the administrator's session: it ends with that session
                    return rte(principalOf(found.user()), address,
                            bindIp || caller.boundIp() != null || found.organization().isBindTokensToIp(), caller.subject(),
                            caller.sessionId());
                });
    }

    private RteToken rte(TokenPrincipal principal, String address, boolean bindIp, UUID actor, String sessionId) {
        boolean bind = bindIp || config.rte().bindIpByDefault();
        IssuedToken token = issuer.issue(principal, config.rte().tokenLifetime(), AuthClaims.USE_RTE, bind ? address : null, actor,
                sessionId);
        return new RteToken(config.rte().wssEndpoint(), token.jwt());
    }

    private Uni<ClientAndOrganization> authenticateClient(ClientCredentials credentials, String address) {
        if (credentials.clientId() == null || credentials.clientId().isBlank() || credentials.secret() == null) {
            return Uni.createFrom().failure(OAuthException.invalidClient());
        }
        String account = "client:" + credentials.clientId();
        // API clients are rate-limited (slower answers), never locked: a locked service client stops its replicas
        return throttle.attempt(account, address, false)
                .chain(attempt -> Panache.withSession(() -> clients.findByClientId(credentials.clientId())
                        .chain(client -> client == null ? Uni.createFrom().item(new ClientAndOrganization(null, null))
                                : organizations.findById(client.getOrganizationId()).map(org -> new ClientAndOrganization(client, org))))
                .chain(found -> hasher.matches(credentials.secret(), found.client() == null ? null : found.client().getSecretHash())
                        .chain(matches -> matches && found.active()
                                ? throttle.succeeded(attempt).replaceWith(found)
                                : failSlowly(attempt, OAuthException.invalidClient()))));
    }

    private <T> Uni<T> failSlowly(SignInThrottle.Attempt attempt, OAuthException failure) {
        java.time.Duration delay = throttle.failed(attempt);
        return (delay.isZero() ? Uni.createFrom().voidItem() : Uni.createFrom().voidItem().onItem().delayIt().by(delay))
                .chain(() -> Uni.createFrom().failure(failure));
    }


    private TokenResponse respond(TokenPrincipal principal, String refreshToken, String address, boolean bindIp, String sessionId) {
        IssuedToken access = issuer.issue(principal, config.accessTokenLifetime(), AuthClaims.USE_ACCESS, bindIp ? address : null, null,
                sessionId);
        return new TokenResponse(access.jwt(), "Bearer", access.expiresInSeconds(), refreshToken);
    }

    private Uni<String> newRefreshToken(TokenPrincipal principal, String clientId, UUID familyId, Instant familyEnd) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        RefreshToken token = new RefreshToken();
        token.setId(UUID.randomUUID());
        token.setTokenHash(sha256(value));
        token.setFamilyId(familyId);
        token.setSubject(principal.subject());
        token.setOrganizationId(principal.organizationId());
        token.setClientId(clientId);
        token.setIssuedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        token.setExpiresAt(familyEnd);
        return Panache.withTransaction(() -> refreshTokens.persist(token)).replaceWith(value);
    }

    private static TokenPrincipal principalOf(UserAccount user) {
        return new TokenPrincipal(user.getId(), user.getOrganizationId(), user.getUsername(), user.getRoles(), null);
    }

    /** Refresh tokens are 256 random bits: a plain SHA-256 is enough to store them (no dictionary to fear). */
    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
