package io.callwire.admin.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.callwire.admin.Accounts;
import io.callwire.admin.SignedInUser;
import io.callwire.admin.client.AuthClient;
import io.callwire.admin.client.ServiceException;
import io.callwire.admin.config.AdminConfig;

/**
 * The console's sign-in sessions, in memory: a session id (256 random bits) maps to the user's tokens.
 * Sessions end after {@code callwire.console.session-idle-timeout} without a request, when the refresh
 * token is refused, or at sign-out; their number is bounded.
 */
@ApplicationScoped
public class SessionStore {

    private static final Logger LOG = Logger.getLogger(SessionStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final AuthClient auth;
    private final AdminConfig config;
    private final Clock clock = Clock.systemUTC();

    public SessionStore(AuthClient auth, AdminConfig config) {
        this.auth = auth;
        this.config = config;
    }

    /** Signs in with auth-service's password grant; throws {@link ServiceException} when refused. */
    public ConsoleSession signIn(String username, String password, String clientAddress) {
        Accounts.TokenResponse tokens = auth.signIn(username, password, clientAddress);
        SignedInUser user = TokenClaims.userOf(tokens.accessToken());
        Instant now = clock.instant();
        purgeExpired(now);
        if (sessions.size() >= config.console().maxSessions()) {
            throw new ServiceException(io.callwire.admin.Problem.of(503, "Too many sessions",
                    "The console has too many open sessions; try again later."));
        }
        ConsoleSession session = new ConsoleSession(randomToken(), randomToken(), user, tokens.accessToken(),
                tokens.refreshToken(), now.plusSeconds(tokens.expiresIn()), now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session of this id, touched; empty when unknown or idle too long. */
    public Optional<ConsoleSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ConsoleSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (session.lastSeen().plus(config.console().sessionIdleTimeout()).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    /**
     * A valid access token for the session: refreshed with the refresh token when it is about to
     * expire. Empty when auth-service refuses the refresh: the session is over.
     */
    public Optional<String> accessToken(ConsoleSession session) {
        synchronized (session) {
            if (session.accessTokenExpiresAt().isAfter(clock.instant().plusSeconds(30))) {
                return Optional.of(session.accessToken());
            }
            if (session.refreshToken() == null) {
                end(session);
                return Optional.empty();
            }
            try {
                Accounts.TokenResponse tokens = auth.refresh(session.refreshToken());
                session.replaceTokens(tokens.accessToken(), tokens.refreshToken(), clock.instant().plusSeconds(tokens.expiresIn()));
                return Optional.of(tokens.accessToken());
            } catch (ServiceException e) {
                LOG.debugf("Refresh refused for session of %s: %s", session.user().username(), e.getMessage());
                end(session);
                return Optional.empty();
            }
        }
    }

    /** Signs out: forgets the session and revokes its refresh token (its family) and access token. */
    public void signOut(ConsoleSession session) {
        end(session);
        for (String token : new String[] {session.refreshToken(), session.accessToken()}) {
            if (token != null) {
                try {
                    auth.revoke(token);
                } catch (ServiceException e) {
                    LOG.warnf("auth-service did not revoke a token at sign-out: %s", e.getMessage());
                }
            }
        }
    }

    public void end(ConsoleSession session) {
        sessions.remove(session.id());
    }

    private void purgeExpired(Instant now) {
        sessions.values().removeIf(s -> s.lastSeen().plus(config.console().sessionIdleTimeout()).isBefore(now));
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
