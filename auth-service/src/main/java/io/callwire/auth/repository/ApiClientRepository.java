package io.callwire.auth.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.ApiClient;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** API clients. */
@ApplicationScoped
public class ApiClientRepository implements PanacheRepositoryBase<ApiClient, UUID> {

    /** The client with that OAuth {@code client_id}. */
    public Uni<ApiClient> findByClientId(String clientId) {
        return find("clientId", clientId).firstResult();
    }

    /** One page of an organization's clients, or of all clients when {@code organizationId} is null. */
    public Uni<List<ApiClient>> page(UUID organizationId, int page, int size) {
        return (organizationId == null ? findAll(Sort.by("clientId")) : find("organizationId", Sort.by("clientId"), organizationId))
                .page(Page.of(page, size)).list();
    }

    /** How many clients {@link #page} pages through. */
    public Uni<Long> countIn(UUID organizationId) {
        return organizationId == null ? count() : count("organizationId", organizationId);
    }
}
