package io.callwire.subscription.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.contract.event.EntityType;
import io.callwire.subscription.Grant;
import io.callwire.subscription.PrincipalType;
import io.callwire.subscription.config.SetupConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.core.Vertx;

/** Permission grants in PostgreSQL (reactive SQL, see {@link EntityRepository} for why). */
@ApplicationScoped
public class GrantRepository {

    private static final String COLUMNS =
            "id, organization_id, principal_type, principal, entity_type, entity_id, events, created_at, updated_at";

    private final Pool pool;
    /** The reads of concurrent permission checks, one statement for several organizations (see {@link BatchQueue}). */
    private final BatchQueue<UUID, List<Grant>> reads;

    public GrantRepository(Pool pool, Vertx vertx, SetupConfig setup) {
        this.pool = pool;
        this.reads = new BatchQueue<>("grant reads", setup.batchSize(), setup.batchesInFlight(), setup.queueMax(),
                setup.stallTimeout(), vertx, this::readAll);
    }

    /**
     * Every grant of an organization: what permission checks evaluate. Reads asked for at the same
     * time share one statement; each is sent after it was asked for, so it sees every change
     * committed before.
     */
    public Uni<List<Grant>> findByOrganization(UUID organizationId) {
        return reads.submit(organizationId);
    }

    private Uni<List<List<Grant>>> readAll(List<UUID> organizations) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM permission_grant WHERE organization_id = ANY($1)")
                .execute(Tuple.of(organizations.stream().distinct().toArray(UUID[]::new)))
                .map(rows -> {
                    java.util.Map<UUID, List<Grant>> byOrganization = new java.util.HashMap<>();
                    for (Grant grant : mapAll(rows)) {
                        byOrganization.computeIfAbsent(grant.organizationId(), id -> new ArrayList<>()).add(grant);
                    }
                    List<List<Grant>> answers = new ArrayList<>(organizations.size());
                    organizations.forEach(id -> answers.add(byOrganization.getOrDefault(id, List.of())));
                    return answers;
                });
    }

    /** A page of an organization's grants, oldest first. */
    public Uni<List<Grant>> list(UUID organizationId, int offset, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM permission_grant WHERE organization_id = $1"
                        + " ORDER BY created_at, id OFFSET $2 LIMIT $3")
                .execute(Tuple.of(organizationId, offset, limit))
                .map(GrantRepository::mapAll);
    }

    /** How many grants an organization has. */
    public Uni<Long> count(UUID organizationId) {
        return pool.preparedQuery("SELECT count(*) FROM permission_grant WHERE organization_id = $1")
                .execute(Tuple.of(organizationId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One grant of an organization. */
    public Uni<Optional<Grant>> find(UUID organizationId, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM permission_grant WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.of(id, organizationId))
                .map(rows -> mapAll(rows).stream().findFirst());
    }

    /** Stores a new grant. */
    public Uni<Grant> insert(Grant grant) {
        return pool.preparedQuery("INSERT INTO permission_grant (" + COLUMNS + ")"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(values(grant)))
                .replaceWith(grant);
    }

    /** Replaces a grant of an organization; returns whether it existed. */
    public Uni<Boolean> update(Grant grant) {
        return pool.preparedQuery("UPDATE permission_grant SET principal_type = $3, principal = $4, entity_type = $5,"
                        + " entity_id = $6, events = $7, updated_at = $8 WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.from(Arrays.asList(grant.id(), grant.organizationId(), grant.principalType().name(),
                        grant.principal(), grant.entityType().wireName(), grant.entityId(),
                        grant.events().toArray(String[]::new), OffsetDateTime.ofInstant(grant.updatedAt(), ZoneOffset.UTC))))
                .map(result -> result.rowCount() == 1);
    }

    /** Deletes a grant of an organization; returns whether it existed. */
    public Uni<Boolean> delete(UUID organizationId, UUID id) {
        return pool.preparedQuery("DELETE FROM permission_grant WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.of(id, organizationId))
                .map(result -> result.rowCount() == 1);
    }

    private static List<Object> values(Grant grant) {
        return Arrays.asList(grant.id(), grant.organizationId(), grant.principalType().name(), grant.principal(),
                grant.entityType().wireName(), grant.entityId(), grant.events().toArray(String[]::new),
                OffsetDateTime.ofInstant(grant.createdAt(), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(grant.updatedAt(), ZoneOffset.UTC));
    }

    private static List<Grant> mapAll(RowSet<Row> rows) {
        List<Grant> result = new ArrayList<>();
        for (Row row : rows) {
            String[] events = row.getArrayOfStrings("events");
            result.add(new Grant(row.getUUID("id"), row.getUUID("organization_id"),
                    PrincipalType.valueOf(row.getString("principal_type")), row.getString("principal"),
                    EntityType.fromWire(row.getString("entity_type")).orElseThrow(), row.getUUID("entity_id"),
                    events == null ? List.of() : List.of(events),
                    row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant()));
        }
        return result;
    }
}
