package io.callwire.notifier.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.notifier.Webhook;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.WebhookStatus;
import io.callwire.notifier.service.SecretCipher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Webhook endpoints in PostgreSQL. The configuration without secrets is a JSON column; the secrets
 * (credentials and signing secrets) one AES-GCM encrypted column.
 */
@ApplicationScoped
public class WebhookRepository {

    private static final String COLUMNS = "id, organization_id, config, secrets, status, created_at, updated_at";

    private final Pool pool;
    private final ObjectMapper mapper;
    private final SecretCipher cipher;

    public WebhookRepository(Pool pool, ObjectMapper mapper, SecretCipher cipher) {
        this.pool = pool;
        this.mapper = mapper;
        this.cipher = cipher;
    }

    /** Stores a new endpoint. */
    public Uni<Void> insert(Webhook webhook) {
        return pool.preparedQuery("INSERT INTO webhook (id, organization_id, name, config, secrets, status, created_at, updated_at)"
                        + " VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)")
                .execute(Tuple.from(List.of(webhook.id(), webhook.organizationId(), webhook.spec().name(),
                        configJson(webhook), io.vertx.core.buffer.Buffer.buffer(secretsBlob(webhook)),
                        webhook.status().name(), utc(webhook.createdAt()), utc(webhook.updatedAt()))))
                .replaceWithVoid();
    }

    /** Replaces configuration, secrets and status; false if it does not exist in the organization. */
    public Uni<Boolean> update(Webhook webhook) {
        return pool.preparedQuery("UPDATE webhook SET name = $3, config = $4::jsonb, secrets = $5, status = $6, updated_at = $7,"
                        + " failing_since = CASE WHEN $6 = 'ENABLED' THEN failing_since ELSE NULL END"
                        + " WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.from(List.of(webhook.id(), webhook.organizationId(), webhook.spec().name(),
                        configJson(webhook), io.vertx.core.buffer.Buffer.buffer(secretsBlob(webhook)),
                        webhook.status().name(), utc(webhook.updatedAt()))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Deletes an endpoint with its deliveries; false if it does not exist in the organization. */
    public Uni<Boolean> delete(UUID organizationId, UUID id) {
        return pool.preparedQuery("DELETE FROM webhook WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.of(id, organizationId)).map(rows -> rows.rowCount() == 1);
    }

    /** One endpoint of an organization. */
    public Uni<Webhook> find(UUID organizationId, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM webhook WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.of(id, organizationId)).map(this::first);
    }

    /** One endpoint, whatever its organization (for the delivery workers). */
    public Uni<Webhook> findById(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM webhook WHERE id = $1")
                .execute(Tuple.of(id)).map(this::first);
    }

    /** A page of an organization's endpoints, oldest first. */
    public Uni<List<Webhook>> list(UUID organizationId, int page, int size) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM webhook WHERE organization_id = $1"
                        + " ORDER BY created_at, id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(organizationId, size, (long) page * size)).map(this::all);
    }

    /** How many endpoints an organization has. */
    public Uni<Long> count(UUID organizationId) {
        return pool.preparedQuery("SELECT count(*) FROM webhook WHERE organization_id = $1")
                .execute(Tuple.of(organizationId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Every endpoint (the delivery index is built from them). */
    public Uni<List<Webhook>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM webhook").execute().map(this::all);
    }

    /**
     * Changes whenever an endpoint is created, changed or deleted: a counter the database bumps in the
     * writing transaction (trigger {@code webhook_changed}), so no change is missed whatever the clocks.
     */
    public Uni<String> fingerprint() {
        return pool.query("SELECT counter FROM webhook_change WHERE id = 1").execute()
                .map(rows -> Long.toString(rows.iterator().next().getLong(0)));
    }

    /**
     * Records failures of endpoints: sets {@code failing_since} where unset, and returns the ids of those
     * failing since before {@code threshold} (to be disabled).
     */
    public Uni<List<UUID>> markFailing(List<UUID> ids, Instant threshold) {
        return pool.preparedQuery("UPDATE webhook SET failing_since = COALESCE(failing_since, now())"
                        + " WHERE id = ANY($1) RETURNING id, failing_since")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<UUID> expired = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getOffsetDateTime("failing_since").toInstant().isBefore(threshold)) {
                            expired.add(row.getUUID("id"));
                        }
                    }
                    return expired;
                });
    }

    /** Clears the failure streak of endpoints that just delivered a message. */
    public Uni<Void> clearFailing(List<UUID> ids) {
        return pool.preparedQuery("UPDATE webhook SET failing_since = NULL WHERE id = ANY($1) AND failing_since IS NOT NULL")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).replaceWithVoid();
    }

    /** Sets the status of an endpoint (410 Gone, auto-disable). */
    public Uni<Void> setStatus(SqlClient client, UUID id, WebhookStatus status) {
        return client.preparedQuery("UPDATE webhook SET status = $2, updated_at = now(), failing_since = NULL WHERE id = $1")
                .execute(Tuple.of(id, status.name())).replaceWithVoid();
    }

    private Webhook first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? toWebhook(iterator.next()) : null;
    }

    private List<Webhook> all(RowSet<Row> rows) {
        List<Webhook> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(toWebhook(row));
        }
        return out;
    }

    private Webhook toWebhook(Row row) {
        UUID id = row.getUUID("id");
        try {
            WebhookSpec safe = mapper.readValue(row.getValue("config").toString(), WebhookSpec.class);
            Webhook.Secrets secrets = mapper.readValue(cipher.decrypt(id, row.getBuffer("secrets").getBytes()),
                    Webhook.Secrets.class);
            return new Webhook(id, row.getUUID("organization_id"), withSecrets(safe, secrets),
                    WebhookStatus.valueOf(row.getString("status")), secrets,
                    row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook " + id + " cannot be read", e);
        }
    }

    private static WebhookSpec withSecrets(WebhookSpec safe, Webhook.Secrets secrets) {
        WebhookSpec.Auth auth = safe.auth() == null ? null : new WebhookSpec.Auth(safe.auth().type(), safe.auth().username(),
                secrets.password(), secrets.token(), safe.auth().tokenUrl(), safe.auth().clientId(), secrets.clientSecret(),
                safe.auth().scope(), safe.auth().audience(), secrets.privateKey());
        WebhookSpec.Proxy proxy = safe.proxy() == null ? null : new WebhookSpec.Proxy(safe.proxy().type(), safe.proxy().host(),
                safe.proxy().port(), safe.proxy().username(), secrets.proxyPassword());
        return new WebhookSpec(safe.name(), safe.url(), safe.method(), safe.events(), safe.filter(), safe.payload(), auth,
                safe.headers(), proxy, safe.timeoutMs(), safe.maxConnections(), safe.retry(), safe.ordered(), safe.enabled());
    }

    private String configJson(Webhook webhook) {
        try {
            return mapper.writeValueAsString(webhook.spec().withoutSecrets());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] secretsBlob(Webhook webhook) {
        WebhookSpec spec = webhook.spec();
        Webhook.Secrets s = webhook.secrets();
        WebhookSpec.Auth auth = spec.auth();
        Webhook.Secrets all = new Webhook.Secrets(s.signingSecret(), s.previousSigningSecret(), s.previousUntil(),
                auth == null ? null : auth.password(), auth == null ? null : auth.token(),
                auth == null ? null : auth.clientSecret(), auth == null ? null : auth.privateKey(),
                spec.proxy() == null ? null : spec.proxy().password());
        try {
            return cipher.encrypt(webhook.id(), mapper.writeValueAsString(all));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
