package io.callwire.auth.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.UserAccount;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Users. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserAccount, UUID> {

    /** The user with that (lower-cased) username. */
    public Uni<UserAccount> findByUsername(String username) {
        return find("username", username).firstResult();
    }

    /** One page of an organization's users, or of all users when {@code organizationId} is null. */
    public Uni<List<UserAccount>> page(UUID organizationId, int page, int size) {
        return (organizationId == null ? findAll(Sort.by("username")) : find("organizationId", Sort.by("username"), organizationId))
                .page(Page.of(page, size)).list();
    }

    /** How many users {@link #page} pages through. */
    public Uni<Long> countIn(UUID organizationId) {
        return organizationId == null ? count() : count("organizationId", organizationId);
    }

    /**
     * The number of enabled platform administrators, their rows locked ({@code for update}) until the
     * transaction ends, so that concurrent changes to platform administrators are serialized.
     */
    public Uni<Integer> lockEnabledPlatformAdmins() {
        return find("enabled = true and concat(',', roles, ',') like ?1", "%," + io.callwire.contract.security.Roles.PLATFORM_ADMIN + ",%")
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list().map(List::size);
    }
}
