package io.callwire.auth.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.Organization;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Organizations. */
@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<Organization, UUID> {

    /** The organization of that name, case-insensitively. */
    public Uni<Organization> findByName(String name) {
        return find("lower(name) = ?1", name.toLowerCase(java.util.Locale.ROOT)).firstResult();
    }
}
