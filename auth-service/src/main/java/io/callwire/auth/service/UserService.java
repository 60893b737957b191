package io.callwire.auth.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.PageOf;
import io.callwire.auth.Revocation;
import io.callwire.auth.UserAccount;
import io.callwire.auth.UserChanges;
import io.callwire.auth.UserDraft;
import io.callwire.auth.UserView;
import io.callwire.auth.config.AuthConfig;
import io.callwire.auth.repository.OrganizationRepository;
import io.callwire.auth.repository.UserRepository;
import io.callwire.contract.messaging.RevocationMessage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Users. Org-admins manage their own organization, platform-admins every one, supervisors read
 * their organization's users; anything else is answered as missing. Disabling, deleting, a new
 * password or changed roles revoke the user's tokens (announced through the outbox).
 */
@ApplicationScoped
public class UserService {

    /** Reason published when a user's roles change: sessions opened with the old rights must end. */
    public static final String REASON_ROLES_CHANGED = "roles-changed";

    private record Outcome(UserView view, Revocation revocation) {
    }

    private final UserRepository users;
    private final OrganizationRepository organizations;
    private final PasswordHasher hasher;
    private final RevocationService revocations;
    private final AuthConfig config;

    public UserService(UserRepository users, OrganizationRepository organizations, PasswordHasher hasher,
            RevocationService revocations, AuthConfig config) {
        this.users = users;
        this.organizations = organizations;
        this.hasher = hasher;
        this.revocations = revocations;
        this.config = config;
    }

    /** Creates a user. */
    public Uni<UserView> create(Caller caller, UserDraft draft) {
        UUID organizationId = draft.organizationId() == null ? caller.organizationId() : draft.organizationId();
        if (!caller.administers(organizationId)) {
            return Uni.createFrom().failure(caller.isPlatformAdmin() || caller.roles().contains(io.callwire.contract.security.Roles.ORG_ADMIN)
                    ? new InvalidFieldProblem("organizationId", "no such organization")
                    : new ForbiddenProblem("Only administrators create users"));
        }
        var roles = RolePolicy.checkUserRoles(caller, draft.roles());
        checkPassword(draft.password());
        String username = draft.username().trim().toLowerCase(Locale.ROOT);
        return hasher.hash(draft.password()).chain(hash -> Panache.withTransaction(() -> organizations.findById(organizationId)
                .chain(org -> {
                    if (org == null) {
                        throw new InvalidFieldProblem("organizationId", "no such organization");
                    }
                    return users.findByUsername(username);
                })
                .chain(existing -> {
                    if (existing != null) {
                        throw new ConflictProblem("username", "this username is taken");
                    }
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    UserAccount user = new UserAccount();
                    user.setId(UUID.randomUUID());
                    user.setOrganizationId(organizationId);
                    user.setUsername(username);
                    user.setDisplayName(draft.displayName().trim());
                    user.setPasswordHash(hash);
                    user.setRoles(roles);
                    user.setCreatedAt(now);
                    user.setUpdatedAt(now);
                    return users.persist(user).map(UserView::of);
                })));
    }

    /** A page of the users the caller may read, optionally of one organization. */
    @WithSession
    public Uni<PageOf<UserView>> list(Caller caller, UUID organizationId, int page, int size) {
        UUID scope;
        if (caller.isPlatformAdmin()) {
            scope = organizationId;
        } else if (caller.canReadUsersOf(caller.organizationId()) && (organizationId == null || organizationId.equals(caller.organizationId()))) {
            scope = caller.organizationId();
        } else if (organizationId != null && !organizationId.equals(caller.organizationId())) {
            return Uni.createFrom().item(new PageOf<>(java.util.List.of(), page, size, 0));
        } else {
            return Uni.createFrom().failure(new ForbiddenProblem("Only administrators and supervisors list users"));
        }
        return users.page(scope, page, size).chain(list -> users.countIn(scope)
                .map(total -> new PageOf<>(list.stream().map(UserView::of).toList(), page, size, total)));
    }

    /** One user: oneself, or one the caller may read. */
    @WithSession
    public Uni<UserView> get(Caller caller, UUID id) {
        return readable(caller, id).map(UserView::of);
    }

    /** Changes a user; see the class comment for what revokes tokens. */
    public Uni<UserView> update(Caller caller, UUID id, UserChanges changes) {
        var roles = changes.roles() == null ? null : RolePolicy.checkUserRoles(caller, changes.roles());
        if (changes.password() != null) {
            checkPassword(changes.password());
        }
        Uni<String> newHash = changes.password() == null ? Uni.createFrom().nullItem() : hasher.hash(changes.password());
        return newHash.chain(hash -> Panache.withTransaction(() -> administered(caller, id)
                .call(user -> keepsAPlatformAdmin(user, roles, changes.enabled()))
                .chain(user -> {
            String reason = null;
            if (changes.displayName() != null) {
                user.setDisplayName(changes.displayName().trim());
            }
            if (roles != null && !roles.equals(user.getRoles())) {
                user.setRoles(roles);
                reason = REASON_ROLES_CHANGED;
            }
            if (hash != null) {
                user.setPasswordHash(hash);
                reason = RevocationMessage.REASON_PASSWORD_CHANGED;
            }
            if (changes.enabled() != null && changes.enabled() != user.isEnabled()) {
                user.setEnabled(changes.enabled());
                if (!changes.enabled()) {
                    reason = RevocationMessage.REASON_USER_DISABLED;
                }
            }
            user.setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            return revokeIf(reason, user).map(revocation -> new Outcome(UserView.of(user), revocation));
        }))).invoke(this::afterCommit).map(Outcome::view);
    }

    /** Disables a user and revokes its tokens. */
    public Uni<UserView> disable(Caller caller, UUID id) {
        return update(caller, id, new UserChanges(null, null, null, false));
    }

    /** Enables a user again. */
    public Uni<UserView> enable(Caller caller, UUID id) {
        return update(caller, id, new UserChanges(null, null, null, true));
    }

    /** Deletes a user and revokes its tokens. */
    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> administered(caller, id)
                .call(user -> keepsAPlatformAdmin(user, java.util.List.of(), false))
                .chain(user -> users.delete(user)
                        .chain(() -> revocations.revokeSubject(user.getId(), user.getOrganizationId(), RevocationMessage.REASON_SUBJECT_DELETED))
                        .map(revocation -> new Outcome(null, revocation))))
                .invoke(this::afterCommit).replaceWithVoid();
    }

    private Uni<Revocation> revokeIf(String reason, UserAccount user) {
        return reason == null ? Uni.createFrom().nullItem() : revocations.revokeSubject(user.getId(), user.getOrganizationId(), reason);
    }

    private void afterCommit(Outcome outcome) {
        if (outcome.revocation() != null) {
            revocations.afterCommit(outcome.revocation());
        }
    }

    private Uni<UserAccount> readable(Caller caller, UUID id) {
        return users.findById(id).map(user -> {
            if (user == null || !(user.getId().equals(caller.subject()) || caller.canReadUsersOf(user.getOrganizationId()))) {
                throw new NotFoundProblem("User");
            }
            return user;
        });
    }

    private Uni<UserAccount> administered(Caller caller, UUID id) {
        return users.findById(id).map(user -> {
            if (user == null || !caller.belongsToOrAdministers(user.getOrganizationId())) {
                throw new NotFoundProblem("User");
            }
            if (!caller.administers(user.getOrganizationId())) {
                throw new ForbiddenProblem("Only administrators change users");
            }
            if (!caller.mayActOn(user.getOrganizationId(), user.getRoles())) {
                // rank: an org-admin of the platform's organization must not reset, disable, demote or delete its operators
                throw new ForbiddenProblem("Only platform administrators change platform administrators");
            }
            return user;
        });
    }

    /**
     * Refuses a change that would leave no enabled platform administrator: disabling, demoting or
     * deleting the last one locks everybody out of the platform. {@code roles}/{@code enabled} are
     * the user's state after the change (null: unchanged). The count is read in the change's
     * transaction, with the enabled platform administrators locked so that two concurrent changes
     * cannot each remove "another" last one.
     */
    private Uni<Void> keepsAPlatformAdmin(UserAccount user, java.util.List<String> roles, Boolean enabled) {
        boolean isNow = user.isEnabled() && user.getRoles().contains(io.callwire.contract.security.Roles.PLATFORM_ADMIN);
        boolean staysOne = (enabled == null ? user.isEnabled() : enabled)
                && (roles == null ? user.getRoles() : roles).contains(io.callwire.contract.security.Roles.PLATFORM_ADMIN);
        if (!isNow || staysOne) {
            return Uni.createFrom().voidItem();
        }
        return users.lockEnabledPlatformAdmins().invoke(count -> {
            if (count <= 1) {
                throw new ConflictProblem(null, "This is the last enabled platform administrator; appoint another one first");
            }
        }).replaceWithVoid();
    }

    private void checkPassword(String password) {
        if (password.length() < config.password().minLength()) {
            throw new InvalidFieldProblem("password", "must be at least " + config.password().minLength() + " characters");
        }
    }
}
