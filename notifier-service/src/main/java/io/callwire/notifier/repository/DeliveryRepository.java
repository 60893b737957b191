package io.callwire.notifier.repository;

import static io.callwire.notifier.repository.WebhookRepository.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.callwire.notifier.Delivery;
import io.callwire.notifier.DeliveryStatus;
import io.callwire.support.rest.Page;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Delivery jobs, their attempts and the outbox of delivery receipts. Written in batches: one
 * statement inserts the jobs of many events, one claims many due jobs, one transaction records many
 * outcomes.
 *
 * <p>The statements of the delivery path ({@link #insertJobs}, {@link #claim}, {@link #record}) run on the
 * Vert.x SQL client itself and answer {@link Future}s, not {@link Uni}s: with the context-propagation
 * jar on the class path, Mutiny wraps every callback of every operator in a capture-and-restore of the
 * ArC and JTA contexts, and neither is ever active on this path. Those wrappers were a sixth of the
 * service's CPU samples at a few thousand deliveries a second. The statements behind REST run on Mutiny.
 */
@ApplicationScoped
public class DeliveryRepository {

    private static final String JOB_COLUMNS = "d.id, d.message_id, d.webhook_id, d.organization_id, d.event_id,"
            + " d.event_type, d.entity_id, d.expires_at, d.url, d.body, d.event, d.attempts, d.round_attempts, d.lease_token, d.traceparent";
    private static final String VIEW_COLUMNS = "id, message_id, webhook_id, event_id, event_type, entity_id, status,"
            + " attempts, next_attempt_at, last_http_status, last_error, expires_at, created_at, updated_at";
    private static final String OUTBOX_JSON = "json_build_object('deliveryId', id, 'messageId', message_id,"
            + " 'webhookId', webhook_id, 'organizationId', organization_id, 'eventType', event_type, 'status', status,"
            + " 'attempt', attempts, 'httpStatus', last_http_status, 'latencyMs', null,"
            + " 'at', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))::text";

    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * A job to be written: one event for one endpoint, rendered.
     *
     * @param event the event's JSON when {@code body} is not the event itself (else null): retries render
     *              the URL from it again with the endpoint's current template
     * @param traceparent the W3C {@code traceparent} the event arrived with (null if none): its attempts continue
     *              that trace
     */
    public record NewJob(UUID id, UUID messageId, UUID webhookId, UUID organizationId, UUID eventId, String eventType,
                         UUID entityId, boolean ordered, Instant expiresAt, String url, String body, String event,
                         String traceparent) {
    }

    /**
     * A claimed job.
     *
     * @param leaseToken the claim that owns it: its outcome is recorded only while the job still carries it
     * @param fresh      written and handed over by this replica just now (its URL was rendered a moment ago)
     * @param traceparent the W3C {@code traceparent} its event arrived with (null if none)
     */
    public record Job(UUID id, UUID messageId, UUID webhookId, UUID organizationId, UUID eventId, String eventType,
                      UUID entityId, Instant expiresAt, String url, String body, String event, int attempts,
                      int roundAttempts, UUID leaseToken, boolean fresh, String traceparent) {

        /** The event this job is about, as JSON (the body, when the body is the event). */
        public String eventJson() {
            return event != null ? event : body;
        }
    }

    /** The outcomes a batch recorded (those whose lease was still theirs) and the outbox rows of their receipts. */
    public record Recorded(List<Outcome> outcomes, List<Long> outboxIds) {
    }

    /**
     * What happened to a claimed job.
     *
     * @param attempted whether an attempt is recorded (false for an expired event, a vanished endpoint, a full queue)
     * @param internal  the attempt failed inside Callwire (rendering, a bug), not at the endpoint
     */
    public record Outcome(Job job, DeliveryStatus status, boolean attempted, int attempts, int roundAttempts,
                          Instant nextAttemptAt, Integer httpStatus, Long latencyMs, String responseExcerpt,
                          String error, Instant at, String receipt, boolean internal) {

        /** An outcome that says something about the endpoint (not an internal failure of Callwire). */
        public Outcome(Job job, DeliveryStatus status, boolean attempted, int attempts, int roundAttempts,
                       Instant nextAttemptAt, Integer httpStatus, Long latencyMs, String responseExcerpt,
                       String error, Instant at, String receipt) {
            this(job, status, attempted, attempts, roundAttempts, nextAttemptAt, httpStatus, latencyMs, responseExcerpt,
                    error, at, receipt, false);
        }
    }

    /**
     * Writes jobs in one statement, the ones marked in {@code leased} already claimed by this replica for
     * {@code leaseMillis} (it sends them straight away; if it dies, they are claimed again when the lease
     * expires, as after a claim). Jobs whose message already exists (a redelivered event) or whose
     * endpoint was deleted meanwhile are skipped.
     *
     * @return the ids of the jobs written
     */
    public Future<List<UUID>> insertJobs(io.vertx.sqlclient.SqlClient client, List<NewJob> jobs, boolean[] leased,
                                         long leaseMillis, UUID leaseToken) {
        int n = jobs.size();
        UUID[] ids = new UUID[n], messageIds = new UUID[n], webhookIds = new UUID[n], orgIds = new UUID[n],
                eventIds = new UUID[n], entityIds = new UUID[n];
        String[] eventTypes = new String[n], urls = new String[n], bodies = new String[n], events = new String[n],
                traceparents = new String[n];
        Boolean[] ordered = new Boolean[n], leases = new Boolean[n];
        OffsetDateTime[] expires = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            ids[i] = job.id();
            messageIds[i] = job.messageId();
            webhookIds[i] = job.webhookId();
            orgIds[i] = job.organizationId();
            eventIds[i] = job.eventId();
            eventTypes[i] = job.eventType();
            entityIds[i] = job.entityId();
            ordered[i] = job.ordered();
            expires[i] = utc(job.expiresAt());
            urls[i] = job.url();
            bodies[i] = job.body();
            events[i] = job.event();
            traceparents[i] = job.traceparent();
            leases[i] = leased[i];
        }
        return client.preparedQuery("INSERT INTO delivery (id, message_id, webhook_id, organization_id, event_id, event_type,"
                        + " entity_id, ordered, expires_at, url, body, event, traceparent, status, next_attempt_at, lease_until,"
                        + " lease_token, created_at, updated_at)"
                        + " SELECT t.id, t.message_id, t.webhook_id, t.organization_id, t.event_id, t.event_type, t.entity_id,"
                        + " t.ordered, t.expires_at, t.url, t.body, t.event, t.traceparent, 'PENDING',"
                        // a leased job is due again only when its lease ends (see claim)
                        + " CASE WHEN t.leased THEN now() + $13 * interval '1 millisecond' ELSE now() END,"
                        + " CASE WHEN t.leased THEN now() + $13 * interval '1 millisecond' END,"
                        + " CASE WHEN t.leased THEN $14::uuid END, now(), now()"
                        + " FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[],"
                        + " $5::uuid[], $6::text[], $7::uuid[], $8::boolean[], $9::timestamptz[], $10::text[], $11::text[],"
                        + " $12::boolean[], $15::text[], $16::text[])"
                        + " WITH ORDINALITY AS t(id, message_id, webhook_id, organization_id, event_id, event_type, entity_id,"
                        + " ordered, expires_at, url, body, leased, event, traceparent, n)"
                        + " WHERE EXISTS (SELECT 1 FROM webhook w WHERE w.id = t.webhook_id)"
                        // seq follows the order the events arrived in (per-entity ordering relies on it)
                        + " ORDER BY t.n"
                        + " ON CONFLICT (message_id) DO NOTHING RETURNING id")
                .execute(arguments(ids, messageIds, webhookIds, orgIds, eventIds, eventTypes, entityIds,
                        ordered, expires, urls, bodies, leases, leaseMillis, leaseToken, events, traceparents))
                .map(rows -> {
                    List<UUID> written = new ArrayList<>(rows.size());
                    for (var row : rows) {
                        written.add(row.getUUID(0));
                    }
                    return written;
                });
    }

    /**
     * Claims up to {@code limit} due jobs for {@code leaseMillis} under a new lease token, skipping rows
     * other workers hold, jobs of the excluded endpoints (saturated here), jobs of ordered endpoints that
     * have an earlier pending job for the same entity, and — per endpoint — more jobs than the endpoint
     * has room for here: {@code perConnection} × its {@code maxConnections}, less its requests in flight
     * ({@code busyWebhooks}/{@code busyCounts}); one job for each of {@code probeWebhooks} (a circuit
     * breaker's probe). One claim therefore never overfills an endpoint's own connection queue, whatever
     * the batch size. Expired jobs of the excluded endpoints are still claimed, to be ended as expired.
     *
     * <p>A job in flight has {@code next_attempt_at} at the end of its lease (set when it is leased), so
     * the walk of the due index stops at the jobs that are due and never visits those in flight. Rows
     * are locked only once chosen, not while looking: a row lock writes the row, and the candidates
     * are a few times the batch. A chosen row that another replica claimed meanwhile is skipped (locked)
     * or, once that claim has committed, fails the lease condition, which is checked again on the
     * newest version of the row.
     */
    public Future<List<Job>> claim(int limit, List<UUID> excludedWebhooks, UUID[] busyWebhooks, Integer[] busyCounts,
                                UUID[] probeWebhooks, int perConnection, long leaseMillis) {
        UUID token = UUID.randomUUID();
        return pool.getDelegate().preparedQuery("WITH cand AS (SELECT d.id, d.webhook_id, d.next_attempt_at FROM delivery d"
                        + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()"
                        + " AND (d.lease_until IS NULL OR d.lease_until < now())"
                        // an excluded endpoint's expired jobs are still taken, to be ended as expired
                        + " AND NOT (d.webhook_id = ANY($2) AND (d.expires_at IS NULL OR d.expires_at > now()))"
                        + " AND (NOT d.ordered OR NOT EXISTS (SELECT 1 FROM delivery p WHERE p.webhook_id = d.webhook_id"
                        + " AND p.entity_id = d.entity_id AND p.status = 'PENDING' AND p.ordered AND p.seq < d.seq))"
                        + " ORDER BY d.next_attempt_at LIMIT $1 * 4),"
                        + " ranked AS (SELECT c.id, c.next_attempt_at,"
                        + " row_number() OVER (PARTITION BY c.webhook_id ORDER BY c.next_attempt_at) AS r,"
                        + " CASE WHEN c.webhook_id = ANY($8) THEN 1"
                        + " ELSE coalesce((w.config->>'maxConnections')::int, 1) * $5 - coalesce(b.busy, 0) END AS room"
                        + " FROM cand c JOIN webhook w ON w.id = c.webhook_id"
                        + " LEFT JOIN unnest($3::uuid[], $4::int[]) AS b(webhook_id, busy) ON b.webhook_id = c.webhook_id),"
                        + " due AS (SELECT id FROM ranked WHERE r <= room ORDER BY next_attempt_at LIMIT $1),"
                        + " locked AS (SELECT d.id FROM delivery d WHERE d.id IN (SELECT id FROM due) AND d.status = 'PENDING'"
                        + " AND (d.lease_until IS NULL OR d.lease_until < now()) FOR UPDATE SKIP LOCKED)"
                        + " UPDATE delivery d SET lease_until = now() + $6 * interval '1 millisecond', lease_token = $7,"
                        + " next_attempt_at = now() + $6 * interval '1 millisecond'"
                        + " FROM locked WHERE d.id = locked.id RETURNING " + JOB_COLUMNS)
                .execute(arguments(limit, excludedWebhooks.toArray(UUID[]::new), busyWebhooks, busyCounts,
                        perConnection, leaseMillis, token, probeWebhooks))
                .map(rows -> {
                    List<Job> jobs = new ArrayList<>(rows.size());
                    for (var row : rows) {
                        jobs.add(new Job(row.getUUID("id"), row.getUUID("message_id"), row.getUUID("webhook_id"),
                                row.getUUID("organization_id"), row.getUUID("event_id"), row.getString("event_type"),
                                row.getUUID("entity_id"), instant(row.getOffsetDateTime("expires_at")), row.getString("url"),
                                row.getString("body"), row.getString("event"), row.getInteger("attempts"),
                                row.getInteger("round_attempts"), row.getUUID("lease_token"), false,
                                row.getString("traceparent")));
                    }
                    return jobs;
                });
    }

    /**
     * Puts off the waiting jobs of an endpoint whose circuit breaker opened until {@code until} (a job that
     * expires sooner: until just after its expiry, when the claim ends it as expired), so that the claim's
     * walk of due jobs does not step over them on every claim while the breaker is open. Jobs in flight
     * (leased) are left to their outcome. {@code reason} becomes their last error (why they wait).
     */
    public Uni<Integer> defer(UUID webhookId, Instant until, String reason) {
        return pool.preparedQuery("UPDATE delivery SET next_attempt_at = least($2, expires_at + interval '1 millisecond'),"
                        + " last_error = $3 WHERE webhook_id = $1 AND status = 'PENDING' AND next_attempt_at < $2"
                        + " AND (lease_until IS NULL OR lease_until < now())")
                .execute(Tuple.of(webhookId, utc(until), reason)).map(RowSet::rowCount);
    }

    /**
     * Records outcomes in one transaction: the jobs' new state, their attempts and their receipts (outbox);
     * deletes in the same statement the outbox rows of receipts the broker has accepted since the last
     * one ({@code publishedReceipts}), which saves a transaction per batch.
     *
     * @return the outbox rows of the receipts, to be deleted once they are published
     */
    public Future<Recorded> record(List<Outcome> outcomes, List<Long> publishedReceipts) {
        // one statement is one transaction: no BEGIN/COMMIT round trips around it
        return record(pool.getDelegate(), outcomes, publishedReceipts);
    }

    /**
     * One statement for the whole batch (arrays, not a batch of executions): the jobs' new state, an
     * attempt row and a receipt for every job that is still leased with the outcome's token (a job whose
     * lease expired and was claimed again, was resent, or was deleted meanwhile, is left to its new owner).
     */
    private Future<Recorded> record(io.vertx.sqlclient.SqlClient client, List<Outcome> outcomes,
                                    List<Long> publishedReceipts) {
        int n = outcomes.size();
        UUID[] ids = new UUID[n], attemptIds = new UUID[n], tokens = new UUID[n];
        String[] statuses = new String[n], errors = new String[n], excerpts = new String[n], receipts = new String[n];
        Integer[] attempts = new Integer[n], rounds = new Integer[n], httpStatuses = new Integer[n];
        Long[] latencies = new Long[n];
        Boolean[] attempted = new Boolean[n];
        OffsetDateTime[] next = new OffsetDateTime[n], at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Outcome o = outcomes.get(i);
            ids[i] = o.job().id();
            attemptIds[i] = TimeOrderedIds.next();
            statuses[i] = o.status().name();
            attempts[i] = o.attempts();
            rounds[i] = o.roundAttempts();
            next[i] = utc(o.nextAttemptAt());
            httpStatuses[i] = o.httpStatus();
            errors[i] = o.error();
            at[i] = utc(o.at());
            attempted[i] = o.attempted();
            latencies[i] = o.latencyMs();
            excerpts[i] = o.responseExcerpt();
            receipts[i] = o.receipt();
            tokens[i] = o.job().leaseToken();
        }
        return client.preparedQuery("WITH o AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[],"
                        + " $5::timestamptz[], $6::int[], $7::text[], $8::timestamptz[], $9::boolean[], $10::uuid[],"
                        + " $11::bigint[], $12::text[], $13::text[], $14::uuid[]) AS o(id, status, attempts, round_attempts,"
                        + " next_attempt_at, http_status, error, at, attempted, attempt_id, latency_ms, response_excerpt,"
                        + " receipt, lease_token)),"
                        + " u AS (UPDATE delivery d SET status = o.status, attempts = o.attempts,"
                        + " round_attempts = o.round_attempts, next_attempt_at = o.next_attempt_at, lease_until = NULL,"
                        + " lease_token = NULL, last_http_status = o.http_status, last_error = o.error, updated_at = o.at"
                        + " FROM o WHERE d.id = o.id AND d.lease_token = o.lease_token RETURNING d.id),"
                        + " a AS (INSERT INTO delivery_attempt (id, delivery_id, attempt, at, outcome, http_status,"
                        + " latency_ms, response_excerpt, error) SELECT o.attempt_id, o.id, o.attempts, o.at, o.status,"
                        + " o.http_status, o.latency_ms, o.response_excerpt, o.error FROM o"
                        + " WHERE o.attempted AND o.id IN (SELECT id FROM u)),"
                        + " r AS (INSERT INTO delivery_outbox (payload) SELECT o.receipt FROM o WHERE o.id IN (SELECT id FROM u)"
                        + " AND o.receipt IS NOT NULL"
                        + " RETURNING id),"
                        + " x AS (DELETE FROM delivery_outbox WHERE id = ANY($15::bigint[]))"
                        + " SELECT (SELECT array_agg(id) FROM u) AS recorded, (SELECT array_agg(id) FROM r) AS outbox")
                .execute(arguments(ids, statuses, attempts, rounds, next, httpStatuses, errors, at, attempted,
                        attemptIds, latencies, excerpts, receipts, tokens, publishedReceipts.toArray(Long[]::new)))
                .map(rows -> {
                    var row = rows.iterator().next();
                    UUID[] recordedIds = row.getArrayOfUUIDs("recorded");
                    Long[] outboxIds = row.getArrayOfLongs("outbox");
                    java.util.Set<UUID> recorded = recordedIds == null ? java.util.Set.of() : java.util.Set.of(recordedIds);
                    List<Outcome> kept = new ArrayList<>(recorded.size());
                    for (Outcome o : outcomes) {
                        if (recorded.contains(o.job().id())) {
                            kept.add(o);
                        }
                    }
                    return new Recorded(kept, outboxIds == null ? List.of() : List.of(outboxIds));
                });
    }

    /**
     * Gives up this replica's leases of jobs still in flight (graceful shutdown): they become claimable
     * at once, and the outcome of the abandoned request, should it still arrive, no longer matches.
     */
    public Uni<Integer> releaseLeases(UUID[] jobIds, UUID[] tokens) {
        return pool.preparedQuery("UPDATE delivery d SET lease_until = NULL, lease_token = NULL, next_attempt_at = now()"
                        + " FROM unnest($1::uuid[], $2::uuid[]) AS r(id, token)"
                        + " WHERE d.id = r.id AND d.lease_token = r.token AND d.status = 'PENDING'")
                .execute(Tuple.of(jobIds, tokens)).map(RowSet::rowCount);
    }

    /** Ends every pending job of an endpoint as dead (the endpoint was disabled), with receipts. */
    public Uni<Integer> killPending(SqlClient client, UUID webhookId, String reason) {
        return client.preparedQuery("WITH dead AS (UPDATE delivery SET status = 'DEAD', lease_until = NULL, lease_token = NULL,"
                        + " next_attempt_at = NULL, last_error = $2, updated_at = now()"
                        + " WHERE webhook_id = $1 AND status = 'PENDING' RETURNING *)"
                        + " INSERT INTO delivery_outbox (payload) SELECT " + OUTBOX_JSON + " FROM dead")
                .execute(Tuple.of(webhookId, reason)).map(RowSet::rowCount);
    }

    /**
     * A page of an endpoint's deliveries, newest first, optionally filtered, with the number of all
     * that match (one statement; a page past the end counts on its own).
     */
    public Uni<Page<Delivery>> list(UUID organizationId, UUID webhookId, DeliveryStatus status, String eventType,
                                    Instant from, Instant to, int page, int size) {
        Tuple filters = Tuple.from(new Object[] {organizationId, webhookId, status == null ? null : status.name(), eventType,
                utc(from), utc(to)});
        return pool.preparedQuery("SELECT " + VIEW_COLUMNS + ", count(*) OVER () AS matching FROM delivery WHERE " + LIST_FILTER
                        + " ORDER BY created_at DESC, seq DESC LIMIT $7 OFFSET $8")
                .execute(Tuple.from(new Object[] {organizationId, webhookId, status == null ? null : status.name(), eventType,
                        utc(from), utc(to), size, (long) page * size}))
                .chain(rows -> {
                    List<Delivery> items = new ArrayList<>();
                    long total = 0;
                    for (Row row : rows) {
                        items.add(view(row, null));
                        total = row.getLong("matching");
                    }
                    if (!items.isEmpty() || page == 0) {
                        return Uni.createFrom().item(new Page<>(items, page, size, total));
                    }
                    return pool.preparedQuery("SELECT count(*) FROM delivery WHERE " + LIST_FILTER).execute(filters)
                            .map(counted -> new Page<>(items, page, size, counted.iterator().next().getLong(0)));
                });
    }

    private static final String LIST_FILTER = "organization_id = $1 AND webhook_id = $2"
            + " AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR lower(event_type) = lower($4))"
            + " AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at < $6)";

    /** One delivery of an organization with its attempts, or null. */
    public Uni<Delivery> find(UUID organizationId, UUID id) {
        return pool.preparedQuery("SELECT " + VIEW_COLUMNS + " FROM delivery WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.of(id, organizationId))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row delivery = rows.iterator().next();
                    return attempts(id).map(attempts -> view(delivery, attempts));
                });
    }

    /** The attempts of a delivery, oldest first. */
    public Uni<List<Delivery.Attempt>> attempts(UUID deliveryId) {
        return pool.preparedQuery("SELECT id, delivery_id, attempt, at, outcome, http_status, latency_ms, response_excerpt, error"
                        + " FROM delivery_attempt WHERE delivery_id = $1 ORDER BY attempt, at")
                .execute(Tuple.of(deliveryId))
                .map(rows -> {
                    List<Delivery.Attempt> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new Delivery.Attempt(row.getUUID("id"), row.getUUID("delivery_id"), row.getInteger("attempt"),
                                instant(row, "at"), row.getString("outcome"), row.getInteger("http_status"),
                                row.getLong("latency_ms"), row.getString("response_excerpt"), row.getString("error")));
                    }
                    return out;
                });
    }

    /**
     * Sends a delivery again (with a fresh retry budget, the same message id and body); false if not found.
     * A job in flight loses its lease: the attempt under way is not recorded over the resend.
     */
    public Uni<Boolean> resend(UUID organizationId, UUID id) {
        return pool.preparedQuery("UPDATE delivery SET status = 'PENDING', round_attempts = 0, next_attempt_at = now(),"
                        + " lease_until = NULL, lease_token = NULL, updated_at = now() WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.of(id, organizationId)).map(rows -> rows.rowCount() == 1);
    }

    /** Sends again every dead delivery of an endpoint created since {@code since}; returns how many. */
    public Uni<Integer> recover(UUID organizationId, UUID webhookId, Instant since) {
        return pool.preparedQuery("UPDATE delivery SET status = 'PENDING', round_attempts = 0, next_attempt_at = now(),"
                        + " lease_until = NULL, lease_token = NULL, updated_at = now()"
                        + " WHERE organization_id = $1 AND webhook_id = $2 AND status = 'DEAD' AND created_at >= $3")
                .execute(Tuple.of(organizationId, webhookId, utc(since))).map(RowSet::rowCount);
    }

    /** Stores a delivery that was made synchronously (a test message), with its one attempt and receipt. */
    public Uni<Void> insertFinished(NewJob job, Outcome outcome) {
        // one transaction: no worker ever sees it pending
        return UniHelper.toUni(pool.getDelegate().withTransaction(client -> insertFinished(client, List.of(job),
                List.of(outcome))));
    }

    /**
     * Stores deliveries that are finished already (a test message, an event that could not be rendered)
     * with their outcomes, inside {@code client}'s transaction. Each outcome's job carries the lease token
     * its job is written with.
     */
    public Future<Void> insertFinished(io.vertx.sqlclient.SqlClient client, List<NewJob> jobs, List<Outcome> outcomes) {
        if (jobs.isEmpty()) {
            return Future.succeededFuture();
        }
        boolean[] leased = new boolean[jobs.size()];
        java.util.Arrays.fill(leased, true);
        UUID token = outcomes.get(0).job().leaseToken();
        return insertJobs(client, jobs, leased, 60_000, token).compose(written -> record(client, outcomes, List.of()))
                .mapEmpty();
    }

    /**
     * Takes up to {@code limit} receipts off the outbox inside {@code client}'s transaction: rows at least
     * {@code minAgeMillis} old, except {@code excluded} (being published by this replica right now).
     */
    public Uni<List<String>> takeReceipts(SqlClient client, int limit, long minAgeMillis, Long[] excluded) {
        return client.preparedQuery("DELETE FROM delivery_outbox WHERE id IN (SELECT id FROM delivery_outbox"
                        + " WHERE created_at <= now() - $2 * interval '1 millisecond' AND NOT (id = ANY($3))"
                        + " ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING payload")
                .execute(Tuple.of(limit, minAgeMillis, excluded))
                .map(rows -> {
                    List<String> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(row.getString(0));
                    }
                    return out;
                });
    }

    /** Deletes published receipts. */
    public Uni<Void> deleteReceipts(List<Long> outboxIds) {
        return pool.preparedQuery("DELETE FROM delivery_outbox WHERE id = ANY($1)")
                .execute(Tuple.of(outboxIds.toArray(Long[]::new))).replaceWithVoid();
    }

    private static Delivery view(Row row, List<Delivery.Attempt> attempts) {
        return new Delivery(row.getUUID("id"), row.getUUID("message_id"), row.getUUID("webhook_id"), row.getUUID("event_id"),
                row.getString("event_type"), row.getUUID("entity_id"), DeliveryStatus.valueOf(row.getString("status")),
                row.getInteger("attempts"), instant(row, "next_attempt_at"), row.getInteger("last_http_status"),
                row.getString("last_error"), instant(row, "expires_at"), instant(row, "created_at"),
                instant(row, "updated_at"), attempts);
    }

    private static Instant instant(Row row, String column) {
        return instant(row.getOffsetDateTime(column));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /** The arguments of a statement on the Vert.x SQL client itself (the delivery path's statements). */
    private static io.vertx.sqlclient.Tuple arguments(Object... values) {
        return io.vertx.sqlclient.Tuple.from(values);
    }
}
