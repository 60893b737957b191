package io.callwire.subscription.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.contract.event.EntityType;
import io.callwire.subscription.RegisteredEntity;
import io.callwire.subscription.config.SetupConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.core.Vertx;

/**
 * The entity registry in PostgreSQL. Plain reactive SQL rather than Hibernate Reactive: it is called
 * from WebSocket event loops and the AMQP consumer, where a reactive pool works on any Vert.x
 * context and Hibernate Reactive sessions do not.
 */
@ApplicationScoped
public class EntityRepository {

    private static final String COLUMNS = "id, organization_id, entity_type, name, source, created_at";

    private static final String INSERT_IF_ABSENT = "INSERT INTO entity (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)"
            + " ON CONFLICT (id) DO NOTHING";

    private final Pool pool;
    /** The lookups of concurrent Subscribes, read together (see {@link BatchQueue}). */
    private final BatchQueue<Collection<UUID>, List<RegisteredEntity>> lookups;
    /** The users registered from their tokens as they connect, written together. */
    private final BatchQueue<RegisteredEntity, Void> registrations;

    public EntityRepository(Pool pool, Vertx vertx, SetupConfig setup) {
        this.pool = pool;
        this.lookups = new BatchQueue<>("entity lookups", setup.batchSize(), setup.batchesInFlight(), setup.queueMax(),
                setup.stallTimeout(), vertx, this::lookUp);
        this.registrations = new BatchQueue<>("user registrations", setup.batchSize(), 1, setup.queueMax(),
                setup.stallTimeout(), vertx, this::insertAll);
    }

    /**
     * The entities with these ids, of any organization (callers check the organization). Lookups made
     * at the same time share one statement.
     */
    public Uni<List<RegisteredEntity>> findByIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return lookups.submit(ids);
    }

    private Uni<List<List<RegisteredEntity>>> lookUp(List<Collection<UUID>> batch) {
        LinkedHashSet<UUID> all = new LinkedHashSet<>();
        batch.forEach(all::addAll);
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM entity WHERE id = ANY($1)")
                .execute(Tuple.of(all.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, RegisteredEntity> found = new HashMap<>();
                    rows.forEach(row -> {
                        RegisteredEntity entity = map(row);
                        found.put(entity.id(), entity);
                    });
                    List<List<RegisteredEntity>> answers = new ArrayList<>(batch.size());
                    for (Collection<UUID> ids : batch) {
                        List<RegisteredEntity> answer = new ArrayList<>(ids.size());
                        for (UUID id : ids) {
                            RegisteredEntity entity = found.get(id);
                            if (entity != null) {
                                answer.add(entity);
                            }
                        }
                        answers.add(answer);
                    }
                    return answers;
                });
    }

    /**
     * Registers an entity unless its id is already known, without telling whether it was inserted;
     * registrations made at the same time are written in one pipelined batch.
     */
    public Uni<Void> register(RegisteredEntity entity) {
        return registrations.submit(entity);
    }

    private Uni<List<Void>> insertAll(List<RegisteredEntity> batch) {
        return pool.preparedQuery(INSERT_IF_ABSENT).executeBatch(batch.stream().map(EntityRepository::tuple).toList())
                .map(rows -> java.util.Collections.nCopies(batch.size(), (Void) null));
    }

    private static Tuple tuple(RegisteredEntity entity) {
        return Tuple.from(List.of(entity.id(), entity.organizationId(), entity.entityType().wireName(),
                entity.name() == null ? "" : entity.name(), entity.source(),
                OffsetDateTime.ofInstant(entity.createdAt(), ZoneOffset.UTC)));
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
        return pool.preparedQuery(INSERT_IF_ABSENT).execute(tuple(entity))
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
