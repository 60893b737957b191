package io.callwire.subscription.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.subscription.LiveSession;
import io.callwire.subscription.Subscription;
import io.callwire.subscription.config.SetupConfig;
import io.callwire.support.rest.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The deployment's live real-time sessions and the replicas that hold them ({@code rte_session},
 * {@code rte_replica}), in PostgreSQL through the reactive client. Times are the database's
 * ({@code now()}), so replicas with drifting clocks agree on who is alive.
 */
@ApplicationScoped
public class SessionRepository {

    /** Advisory lock class of per-subject admissions (the subject's hash is the object id). */
    private static final int ADMISSION_LOCK_CLASS = 0x525445; // "RTE"

    /** A replica is alive while its heartbeat is younger than the expiry ($ = milliseconds). */
    private static final String ALIVE = "r.heartbeat_at > now() - (%s::bigint * interval '1 millisecond')";

    private static final String RESERVE = """
            INSERT INTO rte_session (id, replica_id, connection_id, organization_id, subject, upn, protocol,
                                     remote_address, reserved_until)
            SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::varchar, $6::varchar, $7::varchar, $8::varchar,
                   now() + ($9::bigint * interval '1 millisecond')
            WHERE (SELECT count(*) FROM rte_session s JOIN rte_replica r ON r.id = s.replica_id
                   WHERE s.subject = $5 AND (s.opened OR s.reserved_until > now()) AND %s) < $11
            """.formatted(ALIVE.formatted("$10"));

    private static final String OPEN = """
            INSERT INTO rte_session (id, replica_id, connection_id, organization_id, subject, upn, protocol,
                                     remote_address, reserved_until, opened, connected_at, subscriptions)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), true, $9, $10::jsonb)
            ON CONFLICT (id) DO UPDATE SET opened = true, connected_at = EXCLUDED.connected_at,
                                           remote_address = EXCLUDED.remote_address, subscriptions = EXCLUDED.subscriptions
            """;

    private static final String LIST = """
            SELECT s.connection_id, s.subject, s.upn, s.protocol, r.name, s.remote_address, s.connected_at,
                   s.subscriptions::text, count(*) OVER () AS total
            FROM rte_session s JOIN rte_replica r ON r.id = s.replica_id
            WHERE s.organization_id = $1 AND s.opened AND %s
            ORDER BY s.connected_at, s.id OFFSET $3 LIMIT $4
            """.formatted(ALIVE.formatted("$2"));

    private static final String COUNT = """
            SELECT count(*) FROM rte_session s JOIN rte_replica r ON r.id = s.replica_id
            WHERE s.organization_id = $1 AND s.opened AND %s
            """.formatted(ALIVE.formatted("$2"));

    private static final String UPDATE_SUBSCRIPTIONS = "UPDATE rte_session SET subscriptions = $2::jsonb WHERE id = $1";

    private static final TypeReference<List<Subscription>> SUBSCRIPTIONS = new TypeReference<>() {
    };

    /** What the sessions table keeps of one connection. */
    public record SessionRow(UUID id, UUID connectionId, UUID organizationId, String subject, String upn, String protocol,
                             String remoteAddress, OffsetDateTime connectedAt, String subscriptionsJson) {
    }

    /** One admission waiting for its batch: the values of {@link #RESERVE} and the subject's lock key. */
    private record Reservation(Tuple values, int lockKey) {
    }

    private final Pool pool;
    private final ObjectMapper json;
    // Connection set-up goes to the database through these queues, in batches (see BatchQueue): a storm
    // of reconnecting clients is a few transactions and pipelined batches, not a statement per client
    // waiting in the pool past its acquisition timeout.
    private final BatchQueue<Reservation, Boolean> admissions;
    private final BatchQueue<Tuple, Void> opens;
    private final BatchQueue<Tuple, Void> updates;
    private final BatchQueue<UUID, Void> deletes;

    public SessionRepository(Pool pool, ObjectMapper json, Vertx vertx, SetupConfig setup) {
        this.pool = pool;
        this.json = json;
        java.time.Duration stall = setup.stallTimeout();
        this.admissions = new BatchQueue<>("admissions", setup.batchSize(), setup.batchesInFlight(), setup.queueMax(), stall,
                vertx, this::reserveAll);
        this.opens = new BatchQueue<>("session openings", setup.batchSize(), setup.batchesInFlight(), setup.queueMax(), stall,
                vertx, batch -> writeAll(OPEN, batch));
        this.updates = new BatchQueue<>("session subscription updates", setup.batchSize(), setup.batchesInFlight(),
                setup.queueMax(), stall, vertx, batch -> writeAll(UPDATE_SUBSCRIPTIONS, batch));
        this.deletes = new BatchQueue<>("session deletions", setup.batchSize(), setup.batchesInFlight(), setup.queueMax(), stall,
                vertx, this::deleteAll);
    }

    /** Proves the replica alive; false when its row is gone (it was taken for dead, or never written). */
    public Uni<Boolean> heartbeat(UUID replica) {
        return pool.preparedQuery("UPDATE rte_replica SET heartbeat_at = now() WHERE id = $1")
                .execute(Tuple.of(replica)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Writes the replica's row and all its open sessions again, after it was taken for dead (or at
     * start, with none), in one transaction.
     */
    public Uni<Void> reinstate(UUID replica, String name, List<SessionRow> open) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                        INSERT INTO rte_replica (id, name) VALUES ($1, $2)
                        ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()""")
                .execute(Tuple.of(replica, name))
                .chain(() -> open.isEmpty() ? Uni.createFrom().voidItem()
                        : connection.preparedQuery(OPEN).executeBatch(open.stream().map(row -> openTuple(replica, row)).toList())
                        .replaceWithVoid()));
    }

    /**
     * Deletes the replicas whose heartbeat is older than {@code expiry}, with their sessions, and the
     * reservations whose upgrade never came.
     */
    public Uni<Void> purge(Duration expiry) {
        return pool.preparedQuery("""
                        WITH dead AS (DELETE FROM rte_replica WHERE heartbeat_at < now() - ($1::bigint * interval '1 millisecond'))
                        DELETE FROM rte_session WHERE NOT opened AND reserved_until < now()""")
                .execute(Tuple.of(expiry.toMillis())).replaceWithVoid();
    }

    /** Deletes the replica and its sessions (it stops). */
    public Uni<Void> remove(UUID replica) {
        return pool.preparedQuery("DELETE FROM rte_replica WHERE id = $1").execute(Tuple.of(replica)).replaceWithVoid();
    }

    /**
     * Reserves a place for a connection if its subject has fewer than {@code limit} open sessions and
     * live reservations on the live replicas. The subject's advisory lock serializes the admissions
     * of one subject on every replica, and the count is read after it is held (a statement of its
     * own, so with a snapshot taken after the lock): two replicas cannot both take the last place.
     * Admissions asked for at the same time share one transaction ({@link #reserveAll}).
     */
    public Uni<Boolean> reserve(UUID replica, SessionRow row, Duration reservation, Duration expiry, int limit) {
        Tuple values = tuple(row.id(), replica, row.connectionId(), row.organizationId(), row.subject(), row.upn(),
                row.protocol(), row.remoteAddress(), reservation.toMillis(), expiry.toMillis(), (long) limit);
        return admissions.submit(new Reservation(values, row.subject().hashCode()));
    }

    /**
     * One transaction for a batch of admissions: every subject's lock first, in ascending order (two
     * replicas' batches take them in the same order, so they cannot deadlock), then one conditional
     * insert per admission, each a statement of its own and so with a snapshot taken after the locks
     * and after the inserts before it: two admissions of one subject in the same batch count each
     * other. Both steps are pipelined batches, one round trip each.
     */
    private Uni<List<Boolean>> reserveAll(List<Reservation> batch) {
        List<Tuple> locks = batch.stream().map(Reservation::lockKey).distinct().sorted()
                .map(key -> Tuple.of(ADMISSION_LOCK_CLASS, key)).toList();
        List<Tuple> inserts = batch.stream().map(Reservation::values).toList();
        return pool.withTransaction(connection -> connection.preparedQuery("SELECT pg_advisory_xact_lock($1, $2)")
                .executeBatch(locks)
                .chain(() -> connection.preparedQuery(RESERVE).executeBatch(inserts))
                .map(SessionRepository::rowCounts));
    }

    private static List<Boolean> rowCounts(RowSet<Row> first) {
        List<Boolean> admitted = new ArrayList<>();
        for (RowSet<Row> rows = first; rows != null; rows = rows.next()) {
            admitted.add(rows.rowCount() == 1);
        }
        return admitted;
    }

    /** The reserved connection opened (or registers one that had no reservation). */
    public Uni<Void> open(UUID replica, SessionRow row) {
        return opens.submit(openTuple(replica, row));
    }

    /** Replaces a session's subscriptions. */
    public Uni<Void> subscriptions(UUID id, String subscriptionsJson) {
        return updates.submit(Tuple.of(id, jsonb(subscriptionsJson)));
    }

    /** Deletes a session or a reservation. */
    public Uni<Void> delete(UUID id) {
        return deletes.submit(id);
    }

    private Uni<List<Void>> writeAll(String statement, List<Tuple> batch) {
        return pool.preparedQuery(statement).executeBatch(batch).map(rows -> java.util.Collections.nCopies(batch.size(), (Void) null));
    }

    private Uni<List<Void>> deleteAll(List<UUID> batch) {
        return pool.preparedQuery("DELETE FROM rte_session WHERE id = ANY($1)").execute(Tuple.of(batch.toArray(UUID[]::new)))
                .map(rows -> java.util.Collections.nCopies(batch.size(), (Void) null));
    }

    /** A page of an organization's open sessions on the live replicas, oldest first. */
    public Uni<Page<LiveSession>> list(UUID organizationId, Duration expiry, int page, int size) {
        long offset = Page.offset(page, size);
        return pool.preparedQuery(LIST).execute(Tuple.of(organizationId, expiry.toMillis(), offset, (long) size))
                .chain(rows -> {
                    List<LiveSession> items = new ArrayList<>(rows.size());
                    long total = 0;
                    for (Row row : rows) {
                        items.add(map(row));
                        total = row.getLong("total");
                    }
                    if (!items.isEmpty() || offset == 0) {
                        return Uni.createFrom().item(new Page<>(items, page, size, total));
                    }
                    // past the end: the window had no row to count on
                    return pool.preparedQuery(COUNT).execute(Tuple.of(organizationId, expiry.toMillis()))
                            .map(counted -> new Page<>(List.<LiveSession>of(), page, size, counted.iterator().next().getLong(0)));
                });
    }

    private LiveSession map(Row row) {
        List<Subscription> subscriptions;
        try {
            subscriptions = json.readValue(row.getString(7), SUBSCRIPTIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable subscriptions of connection " + row.getUUID(0), e);
        }
        return new LiveSession(row.getUUID(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getOffsetDateTime(6).toInstant(), subscriptions);
    }

    private static Tuple openTuple(UUID replica, SessionRow row) {
        return tuple(row.id(), replica, row.connectionId(), row.organizationId(), row.subject(), row.upn(), row.protocol(),
                row.remoteAddress(), row.connectedAt() == null ? OffsetDateTime.now(ZoneOffset.UTC) : row.connectedAt(),
                jsonb(row.subscriptionsJson() == null ? "[]" : row.subscriptionsJson()));
    }

    /** The client sends a Java String to a jsonb parameter as a JSON string; an array must go as one. */
    private static io.vertx.core.json.JsonArray jsonb(String array) {
        return new io.vertx.core.json.JsonArray(array);
    }

    /** A tuple that may hold nulls (upn, address), which the statements' parameter types type. */
    private static Tuple tuple(Object... values) {
        Tuple tuple = Tuple.tuple();
        for (Object value : values) {
            tuple.addValue(value);
        }
        return tuple;
    }
}
