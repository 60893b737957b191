package io.callwire.auth.service;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.ApiClient;
import io.callwire.auth.ClientChanges;
import io.callwire.auth.ClientDraft;
import io.callwire.auth.ClientView;
import io.callwire.auth.PageOf;
import io.callwire.auth.Revocation;
import io.callwire.auth.repository.ApiClientRepository;
import io.callwire.auth.repository.OrganizationRepository;
import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.contract.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * API clients, managed by org-admins (their organization) and platform-admins. The secret is
 * generated, shown once in the creation answer and stored only as its SHA-256 (256 random bits need no slow hash).
 */
@ApplicationScoped
public class ClientService {

    private record Outcome(ClientView view, Revocation revocation) {
    }

    private final ApiClientRepository clients;
    private final OrganizationRepository organizations;
    private final PasswordHasher hasher;
    private final RevocationService revocations;
    private final SecureRandom random = new SecureRandom();

    public ClientService(ApiClientRepository clients, OrganizationRepository organizations, PasswordHasher hasher,
            RevocationService revocations) {
        this.clients = clients;
        this.organizations = organizations;
        this.hasher = hasher;
        this.revocations = revocations;
    }

    /** Creates a client; the answer carries its secret, the only time it is shown. */
    public Uni<ClientView> create(Caller caller, ClientDraft draft) {
        UUID organizationId = draft.organizationId() == null ? caller.organizationId() : draft.organizationId();
        if (!caller.administers(organizationId)) {
            return Uni.createFrom().failure(caller.isPlatformAdmin() || caller.roles().contains(Roles.ORG_ADMIN)
                    ? new InvalidFieldProblem("organizationId", "no such organization")
                    : new ForbiddenProblem("Only administrators create API clients"));
        }
        var roles = RolePolicy.checkClientRoles(caller, draft.roles());
        String clientId = draft.clientId() != null ? draft.clientId() : "client-" + UUID.randomUUID().toString().substring(0, 13);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = hasher.hashGeneratedSecret(secret);
        return Panache.withTransaction(() -> organizations.findById(organizationId)
                .chain(org -> {
                    if (org == null) {
                        throw new InvalidFieldProblem("organizationId", "no such organization");
                    }
                    return clients.findByClientId(clientId);
                })
                .chain(existing -> {
                    if (existing != null) {
                        throw new ConflictProblem("clientId", "this client id is taken");
                    }
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    ApiClient client = new ApiClient();
                    client.setId(UUID.randomUUID());
                    client.setOrganizationId(organizationId);
                    client.setClientId(clientId);
                    client.setName(draft.name().trim());
                    client.setSecretHash(hash);
                    client.setRoles(roles);
                    client.setCreatedAt(now);
                    client.setUpdatedAt(now);
                    return clients.persist(client).map(saved -> ClientView.of(saved).withSecret(secret));
                }));
    }

    /** A page of the clients the caller administers. */
    @WithSession
    public Uni<PageOf<ClientView>> list(Caller caller, UUID organizationId, int page, int size) {
        UUID scope;
        if (caller.isPlatformAdmin()) {
            scope = organizationId;
        } else if (caller.administers(caller.organizationId())) {
            if (organizationId != null && !organizationId.equals(caller.organizationId())) {
                return Uni.createFrom().item(new PageOf<>(java.util.List.of(), page, size, 0));
            }
            scope = caller.organizationId();
        } else {
            return Uni.createFrom().failure(new ForbiddenProblem("Only administrators list API clients"));
        }
        return clients.page(scope, page, size).chain(list -> clients.countIn(scope)
                .map(total -> new PageOf<>(list.stream().map(ClientView::of).toList(), page, size, total)));
    }

    /** One client the caller administers. */
    @WithSession
    public Uni<ClientView> get(Caller caller, UUID id) {
        return administered(caller, id).map(ClientView::of);
    }

    /** Renames, changes roles, disables or enables; fewer rights or disabling revoke its tokens. */
    public Uni<ClientView> update(Caller caller, UUID id, ClientChanges changes) {
        var roles = changes.roles() == null ? null : RolePolicy.checkClientRoles(caller, changes.roles());
        return Panache.withTransaction(() -> administered(caller, id).chain(client -> {
            String reason = null;
            if (changes.name() != null) {
                client.setName(changes.name().trim());
            }
            if (roles != null && !roles.equals(client.getRoles())) {
                client.setRoles(roles);
                reason = UserService.REASON_ROLES_CHANGED;
            }
            if (changes.enabled() != null && changes.enabled() != client.isEnabled()) {
                client.setEnabled(changes.enabled());
                if (!changes.enabled()) {
                    reason = RevocationMessage.REASON_USER_DISABLED;
                }
            }
            client.setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            Uni<Revocation> revocation = reason == null ? Uni.createFrom().nullItem()
                    : revocations.revokeSubject(client.getId(), client.getOrganizationId(), reason);
            return revocation.map(r -> new Outcome(ClientView.of(client), r));
        })).invoke(this::afterCommit).map(Outcome::view);
    }

    /** Deletes a client and revokes its tokens. */
    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> administered(caller, id)
                .chain(client -> clients.delete(client)
                        .chain(() -> revocations.revokeSubject(client.getId(), client.getOrganizationId(), RevocationMessage.REASON_SUBJECT_DELETED))
                        .map(revocation -> new Outcome(null, revocation))))
                .invoke(this::afterCommit).replaceWithVoid();
    }

    private void afterCommit(Outcome outcome) {
        if (outcome.revocation() != null) {
            revocations.afterCommit(outcome.revocation());
        }
    }

    private Uni<ApiClient> administered(Caller caller, UUID id) {
        return clients.findById(id).map(client -> {
            if (client == null || !caller.belongsToOrAdministers(client.getOrganizationId())) {
                throw new NotFoundProblem("API client");
            }
            if (!caller.administers(client.getOrganizationId())) {
                throw new ForbiddenProblem("Only administrators manage API clients");
            }
            if (!caller.mayActOn(client.getOrganizationId(), client.getRoles())) {
                // Callwire's own service clients: disabling one stops every replica from loading revocations
                throw new ForbiddenProblem("Only platform administrators manage platform-service clients");
            }
            return client;
        });
    }
}
