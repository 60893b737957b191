package io.callwire.auth.service;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import io.callwire.auth.ApiClient;
import io.callwire.auth.AxialysInit;
import io.callwire.auth.AxialysSession;
import io.callwire.auth.Organization;
import io.callwire.auth.UserAccount;
import io.callwire.auth.config.AuthConfig;
import io.callwire.auth.repository.ApiClientRepository;
import io.callwire.auth.repository.OrganizationRepository;
import io.callwire.auth.repository.UserRepository;
import io.callwire.contract.security.Roles;
import io.callwire.contract.security.TokenClaims;
import io.callwire.support.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The two session flows of the Axialys document. A session ({@code id_session}) is an RTE token
 * (two hours, the same kind the WebSocket endpoints accept) always bound to the address that asked
 * for it; it is revoked like every token (subject disabled, deleted, password or roles changed,
 * {@code /oauth/revoke}). Credentials are checked with the same hasher and the same sign-in
 * throttle as the OAuth grants, so these endpoints are no way around the lockout.
 */
@ApplicationScoped
public class AxialysSessionService {

    /** Values of {@code user_type} ({@code /vm/token}) and of the first argument of the stream's {@code init}. */
    public static final String TYPE_API = "api";
    /** An agent: its own activity. */
    public static final String TYPE_AGENT = "agent";
    /** A supervisor: what its grants allow. */
    public static final String TYPE_SUPERVISOR = "supervisor";

    /** The document's {@code yyyy-mm-ddthh-mm-ss.000000+GMT}, in UTC. */
    static final DateTimeFormatter EXPIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final String BAD_CREDENTIALS = "Invalid login or password";
    private static final String BAD_SESSION = "The session is invalid, expired or revoked";

    private record Subject(UserAccount user, ApiClient client, Organization organization) {
        boolean active() {
            boolean enabled = user != null ? user.isEnabled() : client != null && client.isEnabled();
            return enabled && organization != null && organization.isEnabled();
        }

        List<String> roles() {
            return user != null ? user.getRoles() : client.getRoles();
        }

        TokenPrincipal principal() {
            return user != null
                    ? new TokenPrincipal(user.getId(), user.getOrganizationId(), user.getUsername(), user.getRoles(), null)
                    : new TokenPrincipal(client.getId(), client.getOrganizationId(), client.getClientId(), client.getRoles(), client.getClientId());
        }
    }

    private final UserRepository users;
    private final ApiClientRepository clients;
    private final OrganizationRepository organizations;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    private final TokenIssuer issuer;
    private final AuthTokenVerifier verifier;
    private final RevocationRegistry revocations;
    private final Duration lifetime;

    public AxialysSessionService(UserRepository users, ApiClientRepository clients, OrganizationRepository organizations,
            PasswordHasher hasher, SignInThrottle throttle, TokenIssuer issuer, AuthTokenVerifier verifier,
            RevocationRegistry revocations, AuthConfig config) {
        this.users = users;
        this.clients = clients;
        this.organizations = organizations;
        this.hasher = hasher;
        this.throttle = throttle;
        this.issuer = issuer;
        this.verifier = verifier;
        this.revocations = revocations;
        this.lifetime = config.rte().tokenLifetime();
    }

    /**
     * {@code requete: init}: a supervisor (or org-admin) signs in with login and password and gets
     * the organization's operators and a session.
     */
    public Uni<AxialysInit> init(String login, String password, String address) {
        return authenticateUser(login, password, address).chain(subject -> {
            if (!allowed(subject, TYPE_SUPERVISOR)) {
                return Uni.createFrom().failure(ProblemException.forbidden("Only supervisors open a session with requete init"));
            }
            AxialysSession session = issue(subject, address, null);
            UUID organization = subject.organization().getId();
            return Panache.withSession(() -> users.list("organizationId = ?1 and enabled = true order by username", organization))
                    .map(all -> new AxialysInit(
                            all.stream().filter(user -> user.getRoles().contains(Roles.AGENT))
                                    .map(user -> new AxialysInit.Operator(user.getId().toString(), nameOf(user), List.of()))
                                    .toList(),
                            List.of(), List.of(), List.of(), session.target(), session.expire(), session.idSession()));
        });
    }

    /**
     * {@code requete: refresh_token}: a valid, unrevoked session presented from its own address is
     * exchanged for a fresh one of the same subject (rights read again from the database).
     */
    public Uni<AxialysSession> refresh(String idSession, String address) {
        JwtClaims claims = idSession == null ? null : verifier.verifiedClaims(idSession);
        if (claims == null) {
            return Uni.createFrom().failure(ProblemException.unauthorized(BAD_SESSION));
        }
        UUID subject;
        boolean client;
        String sessionId;
        try {
            sessionId = claims.getStringClaimValue(TokenClaims.SESSION);
            if (!AuthClaims.USE_RTE.equals(claims.getStringClaimValue(AuthClaims.TOKEN_USE))
                    || revocations.isRevoked(claims.getJwtId(), sessionId, claims.getSubject(), claims.getIssuedAt().getValue())) {
                return Uni.createFrom().failure(ProblemException.unauthorized(BAD_SESSION));
            }
            String bound = claims.getStringClaimValue(TokenClaims.BOUND_IP);
            if (bound == null || !bound.equals(address)) {
                return Uni.createFrom().failure(ProblemException.unauthorized("The session is bound to another address"));
            }
            subject = UUID.fromString(claims.getSubject());
            client = claims.hasClaim(AuthClaims.CLIENT_ID);
        } catch (MalformedClaimException | IllegalArgumentException e) {
            return Uni.createFrom().failure(ProblemException.unauthorized(BAD_SESSION));
        }
        String session = sessionId;
        return Panache.withSession(() -> client
                        ? clients.findById(subject).chain(c -> c == null ? Uni.createFrom().item(new Subject(null, null, null))
                                : organizations.findById(c.getOrganizationId()).map(org -> new Subject(null, c, org)))
                        : users.findById(subject).chain(u -> u == null ? Uni.createFrom().item(new Subject(null, null, null))
                                : organizations.findById(u.getOrganizationId()).map(org -> new Subject(u, null, org))))
                .map(found -> {
                    if (!found.active()) {
                        throw ProblemException.unauthorized(BAD_SESSION);
                    }
                    AxialysSession fresh = issue(found, address, session);
                    return new AxialysSession(fresh.idSession(), fresh.expire(), null, null);
                });
    }

    /**
     * {@code POST /vm/token}: HTTP Basic credentials of an API client (its client id) or of a user
     * (its username), and the kind of session wanted.
     */
    public Uni<AxialysSession> token(String name, String secret, String userType, String address) {
        if (userType == null || !List.of(TYPE_API, TYPE_AGENT, TYPE_SUPERVISOR).contains(userType)) {
            return Uni.createFrom().failure(ProblemException.invalid("user_type", "must be one of api, agent, supervisor"));
        }
        return Panache.withSession(() -> clients.findByClientId(name))
                .chain(client -> client != null ? authenticateClient(client, secret, address) : authenticateUser(name, secret, address))
                .map(subject -> {
                    if (!allowed(subject, userType)) {
                        throw ProblemException.forbidden("This account cannot open an '" + userType + "' session");
                    }
                    return issue(subject, address, null);
                });
    }

    /**
     * Which accounts open which sessions: {@code api} an API client of the organization or an
     * org-admin; {@code supervisor} a supervisor or org-admin; {@code agent} an agent. What a
     * session then sees is decided by the stream with the same rules as {@code /rte}.
     */
    private static boolean allowed(Subject subject, String userType) {
        List<String> roles = subject.roles();
        return switch (userType) {
            case TYPE_API -> roles.contains(Roles.ORG_ADMIN)
                    || subject.client() != null && roles.stream().anyMatch(role -> !Roles.PLATFORM_SERVICE.equals(role));
            case TYPE_SUPERVISOR -> roles.contains(Roles.SUPERVISOR) || roles.contains(Roles.ORG_ADMIN);
            case TYPE_AGENT -> roles.contains(Roles.AGENT);
            default -> false;
        };
    }

    /** A session token; {@code sessionId} null starts a new sign-in session ({@code sid}), a refresh keeps its own. */
    private AxialysSession issue(Subject subject, String address, String sessionId) {
        TokenPrincipal principal = subject.principal();
        IssuedToken token = issuer.issue(principal, lifetime, AuthClaims.USE_RTE, address, null,
                sessionId != null ? sessionId : UUID.randomUUID().toString());
        return new AxialysSession(token.jwt(), EXPIRE.format(token.expiresAt()), principal.subject().toString(),
                principal.organizationId().toString());
    }

    private Uni<Subject> authenticateUser(String login, String password, String address) {
        if (login == null || login.isBlank() || password == null) {
            return Uni.createFrom().failure(ProblemException.unauthorized(BAD_CREDENTIALS));
        }
        String name = login.trim().toLowerCase(Locale.ROOT);
        return throttle.attempt(name, address, true)
                .chain(attempt -> Panache.withSession(() -> users.findByUsername(name)
                                .chain(user -> user == null ? Uni.createFrom().item(new Subject(null, null, null))
                                        : organizations.findById(user.getOrganizationId()).map(org -> new Subject(user, null, org))))
                        .chain(found -> hasher.matches(password, found.user() == null ? null : found.user().getPasswordHash())
                                .chain(matches -> matches && found.active()
                                        ? throttle.succeeded(attempt).replaceWith(found)
                                        : failSlowly(attempt))));
    }

    private Uni<Subject> authenticateClient(ApiClient client, String secret, String address) {
        String account = "client:" + client.getClientId();
        return throttle.attempt(account, address, false)
                .chain(attempt -> Panache.withSession(() -> organizations.findById(client.getOrganizationId()))
                        .map(org -> new Subject(null, client, org))
                        .chain(found -> hasher.matches(secret, client.getSecretHash())
                                .chain(matches -> matches && found.active()
                                        ? throttle.succeeded(attempt).replaceWith(found)
                                        : failSlowly(attempt))));
    }

    /** The same slowdown (and, for usernames, lockout) as a failed OAuth sign-in, then 401. */
    private Uni<Subject> failSlowly(SignInThrottle.Attempt attempt) {
        Duration delay = throttle.failed(attempt);
        return (delay.isZero() ? Uni.createFrom().voidItem() : Uni.createFrom().voidItem().onItem().delayIt().by(delay))
                .chain(() -> Uni.createFrom().failure(ProblemException.unauthorized(BAD_CREDENTIALS)));
    }

    private static String nameOf(UserAccount user) {
        return user.getDisplayName() == null || user.getDisplayName().isBlank() ? user.getUsername() : user.getDisplayName();
    }
}
