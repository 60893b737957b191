package io.callwire.auth.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.Organization;
import io.callwire.auth.OrganizationChanges;
import io.callwire.auth.OrganizationDraft;
import io.callwire.auth.OrganizationView;
import io.callwire.auth.PageOf;
import io.callwire.auth.Revocation;
import io.callwire.contract.messaging.RevocationMessage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.callwire.auth.repository.ApiClientRepository;
import io.callwire.auth.repository.OrganizationRepository;
import io.callwire.auth.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Organizations: platform-admins manage them all; everyone else sees only its own. */
@ApplicationScoped
public class OrganizationService {

    private final OrganizationRepository organizations;
    private final UserRepository users;
    private final ApiClientRepository clients;

    private final RevocationService revocations;

    public OrganizationService(OrganizationRepository organizations, UserRepository users, ApiClientRepository clients,
            RevocationService revocations) {
        this.revocations = revocations;
        this.organizations = organizations;
        this.users = users;
        this.clients = clients;
    }

    /** Creates an organization (platform-admins). */
    @WithTransaction
    public Uni<OrganizationView> create(Caller caller, OrganizationDraft draft) {
        requirePlatformAdmin(caller);
        return organizations.findByName(draft.name().trim()).chain(existing -> {
            if (existing != null) {
                throw new ConflictProblem("name", "an organization with this name exists");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Organization org = new Organization();
            org.setId(UUID.randomUUID());
            org.setName(draft.name().trim());
            org.setCreatedAt(now);
            org.setUpdatedAt(now);
            return organizations.persist(org).map(OrganizationView::of);
        });
    }

    /** Every organization for platform-admins; one's own for everybody else. */
    @WithSession
    public Uni<PageOf<OrganizationView>> list(Caller caller, int page, int size) {
        if (!caller.isPlatformAdmin()) {
            return organizations.findById(caller.organizationId())
                    .map(org -> new PageOf<>(org == null ? java.util.List.of() : java.util.List.of(OrganizationView.of(org)), page, size,
                            org == null ? 0 : 1));
        }
        return organizations.findAll(Sort.by("name")).page(Page.of(page, size)).list()
                .chain(list -> organizations.count().map(total -> new PageOf<>(list.stream().map(OrganizationView::of).toList(), page, size, total)));
    }

    /** One organization the caller may see. */
    @WithSession
    public Uni<OrganizationView> get(Caller caller, UUID id) {
        return visible(caller, id).map(OrganizationView::of);
    }

    /**
     * Renames, disables or enables (platform-admins). Disabling revokes the tokens of every user and
     * API client of the organization (one revocation message each), so that their sessions end.
     */
    public Uni<OrganizationView> update(Caller caller, UUID id, OrganizationChanges changes) {
        List<Revocation> revoked = new ArrayList<>();
        return Panache.withTransaction(() -> change(caller, id, changes, revoked))
                .invoke(() -> revoked.forEach(revocations::afterCommit));
    }

    private Uni<OrganizationView> change(Caller caller, UUID id, OrganizationChanges changes, List<Revocation> revoked) {
        return visible(caller, id).chain(org -> {
            requirePlatformAdmin(caller);
            Uni<Void> nameFree = changes.name() == null ? Uni.createFrom().voidItem()
                    : organizations.findByName(changes.name().trim()).invoke(other -> {
                        if (other != null && !other.getId().equals(id)) {
                            throw new ConflictProblem("name", "an organization with this name exists");
                        }
                    }).replaceWithVoid();
            boolean disabling = Boolean.FALSE.equals(changes.enabled()) && org.isEnabled();
            return nameFree.map(ignored -> {
                if (changes.name() != null) {
                    org.setName(changes.name().trim());
                }
                if (changes.enabled() != null) {
                    org.setEnabled(changes.enabled());
                }
                if (changes.bindTokensToIp() != null) {
                    org.setBindTokensToIp(changes.bindTokensToIp());
                }
                org.setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
                return OrganizationView.of(org);
            }).call(view -> disabling ? revokeEveryone(id, revoked) : Uni.createFrom().voidItem());
        });
    }

    /** Deletes an organization without users or clients (platform-admins). */
    @WithTransaction
    public Uni<Void> delete(Caller caller, UUID id) {
        return visible(caller, id).chain(org -> {
            requirePlatformAdmin(caller);
            return users.countIn(id).chain(userCount -> clients.countIn(id).chain(clientCount -> {
                if (userCount + clientCount > 0) {
                    throw new ConflictProblem(null, "the organization still has users or API clients; delete them first");
                }
                return organizations.delete(org);
            }));
        });
    }

    private Uni<Void> revokeEveryone(UUID organizationId, List<Revocation> revoked) {
        return users.list("organizationId", organizationId)
                .chain(members -> clients.list("organizationId", organizationId).map(machines -> {
                    List<UUID> subjects = new ArrayList<>();
                    members.forEach(u -> subjects.add(u.getId()));
                    machines.forEach(c -> subjects.add(c.getId()));
                    return subjects;
                }))
                .chain(subjects -> Multi.createFrom().iterable(subjects)
                        .onItem().transformToUniAndConcatenate(subject ->
                                revocations.revokeSubject(subject, organizationId, RevocationMessage.REASON_USER_DISABLED).invoke(revoked::add))
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Organization> visible(Caller caller, UUID id) {
        return organizations.findById(id).map(org -> {
            if (org == null || !caller.belongsToOrAdministers(id)) {
                throw new NotFoundProblem("Organization");
            }
            return org;
        });
    }

    private static void requirePlatformAdmin(Caller caller) {
        if (!caller.isPlatformAdmin()) {
            throw new ForbiddenProblem("Only platform administrators manage organizations");
        }
    }
}
