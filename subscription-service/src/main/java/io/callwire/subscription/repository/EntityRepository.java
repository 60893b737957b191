package io.callwire.subscription.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.contract.event.EntityType;
import io.callwire.subscription.RegisteredEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The entity registry in PostgreSQL. Plain reactive SQL rather than Hibernate Reactive: it is called
 * from WebSocket event loops and the AMQP consumer, where a reactive pool works on any Vert.x
 * context and Hibernate Reactive sessions do not.
 */
@ApplicationScoped
public class EntityRepository {

    private static final String COLUMNS = "id, organization_id, entity_type, name, source, created_at";

    private final Pool pool;

    public EntityRepository(Pool pool) {
        this.pool = pool;
    }

    /** The entities with these ids, of any organization (callers check the organization). */
    public Uni<List<RegisteredEntity>> findByIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM entity WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<RegisteredEntity> result = new ArrayList<>();
                    rows.forEach(row -> result.add(map(row)));
                    return result;
                });
    }

    /** One entity of an organization. */
    public Uni<Optional<RegisteredEntity>> find(UUID organizationId, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM entity WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.of(id, organizationId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    /** A page of an organization's entities, optionally of one type, oldest first. */
    public Uni<List<RegisteredEntity>> list(UUID organizationId, Optional<EntityType> type, int offset, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM entity WHERE organization_id = $1"
                        + " AND ($2::varchar IS NULL OR entity_type = $2) ORDER BY created_at, id OFFSET $3 LIMIT $4")
                .execute(Tuple.of(organizationId, type.map(EntityType::wireName).orElse(null), offset, limit))
                .map(rows -> {
                    List<RegisteredEntity> result = new ArrayList<>();
                    rows.forEach(row -> result.add(map(row)));
                    return result;
                });
    }

    /** How many entities an organization has, optionally of one type. */
    public Uni<Long> count(UUID organizationId, Optional<EntityType> type) {
        return pool.preparedQuery("SELECT count(*) FROM entity WHERE organization_id = $1"
                        + " AND ($2::varchar IS NULL OR entity_type = $2)")
                .execute(Tuple.of(organizationId, type.map(EntityType::wireName).orElse(null)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Registers an entity unless its id is already known (in any organization); returns whether it
     * was inserted.
     */
    public Uni<Boolean> insertIfAbsent(RegisteredEntity entity) {
        return pool.preparedQuery("INSERT INTO entity (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)"
                        + " ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.from(List.of(entity.id(), entity.organizationId(), entity.entityType().wireName(),
                        entity.name() == null ? "" : entity.name(), entity.source(),
                        OffsetDateTime.ofInstant(entity.createdAt(), ZoneOffset.UTC))))
                .map(result -> result.rowCount() == 1);
    }

    /** Deletes an organization's entity; returns whether it existed. */
    public Uni<Boolean> delete(UUID organizationId, UUID id) {
        return pool.preparedQuery("DELETE FROM entity WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.of(id, organizationId))
                .map(result -> result.rowCount() == 1);
    }

    private static RegisteredEntity map(Row row) {
        String name = row.getString("name");
        return new RegisteredEntity(row.getUUID("id"), row.getUUID("organization_id"),
                EntityType.fromWire(row.getString("entity_type")).orElseThrow(),
                name == null || name.isEmpty() ? null : name, row.getString("source"),
                row.getOffsetDateTime("created_at").toInstant());
    }
}
