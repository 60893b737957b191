package io.callwire.auth.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.callwire.auth.config.AuthConfig;
import io.callwire.contract.messaging.Addresses;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes the outbox on AMQP: pending rows are locked ({@code for update skip locked}, so that
 * replicas share the work), sent one by one waiting for the broker's acknowledgement, and marked
 * published in the same transaction. A send that fails or times out (broker away) ends the round;
 * the rows stay pending and the next round retries them: at-least-once, in order per replica.
 */
@ApplicationScoped
public class OutboxRelay {

    /** The outgoing channel of revocations (callwire.auth.revocations). */
    public static final String REVOCATIONS_CHANNEL = "revocations";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final MutinyEmitter<byte[]> revocations;
    private final AuthConfig.Outbox config;
    private final io.vertx.core.Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public OutboxRelay(Pool pool, @Channel(REVOCATIONS_CHANNEL) MutinyEmitter<byte[]> revocations, AuthConfig config,
            io.vertx.core.Vertx vertx) {
        this.pool = pool;
        this.revocations = revocations;
        this.config = config.outbox();
        this.vertx = vertx;
    }

    /** Relays in the background as soon as possible (after a commit). */
    public void relaySoon() {
        Contexts.runDetached(vertx, this::relayAll, "outbox relay");
    }

    @Scheduled(every = "{callwire.auth.outbox.relay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relayPeriodically() {
        return Uni.createFrom().deferred(this::relayAll).onFailure().recoverWithNull();
    }

    /** Relays rounds until nothing is pending or a round fails; one relay at a time per replica. */
    public Uni<Void> relayAll() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        return relayRound()
                .onFailure().invoke(e -> LOG.warnf("outbox relay paused: %s", e.getMessage()))
                .onFailure().recoverWithItem(0)
                .eventually(() -> running.set(false))
                .chain(sent -> sent >= config.batchSize() || again.getAndSet(false) ? relayAll() : Uni.createFrom().voidItem());
    }

    private Uni<Integer> relayRound() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select id, address, organization_id, payload from outbox_message where published_at is null "
                        + "order by id limit $1 for update skip locked")
                .execute(Tuple.of(config.batchSize()))
                .chain(rows -> {
                    List<Row> pending = new ArrayList<>();
                    rows.forEach(pending::add);
                    List<Long> sent = new ArrayList<>();
                    return Multi.createFrom().iterable(pending)
                            .onItem().transformToUniAndConcatenate(row -> send(row).invoke(() -> sent.add(row.getLong("id"))))
                            .collect().last()
                            .onFailure().recoverWithNull()
                            .chain(() -> markPublished(connection, pending, sent));
                }));
    }

    private Uni<Integer> markPublished(SqlConnection connection, List<Row> pending, List<Long> sent) {
        List<Long> failed = pending.stream().map(row -> row.getLong("id")).filter(id -> !sent.contains(id)).limit(1).toList();
        Uni<Void> published = sent.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery("update outbox_message set published_at = now(), attempts = attempts + 1 where id = any($1)")
                        .execute(Tuple.of(sent.toArray(new Long[0]))).replaceWithVoid();
        Uni<Void> attempted = failed.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery("update outbox_message set attempts = attempts + 1 where id = $1")
                        .execute(Tuple.of(failed.get(0))).replaceWithVoid();
        // committed even when a send failed: what the broker accepted must not be sent twice
        return published.chain(() -> attempted).map(ignored -> {
            if (!failed.isEmpty()) {
                LOG.warnf("broker did not accept outbox message %d; retrying on the next round", failed.get(0));
                return -1;
            }
            return sent.size();
        });
    }

    private Uni<Void> send(Row row) {
        if (!Addresses.AUTH_REVOCATIONS.equals(row.getString("address"))) {
            LOG.errorf("outbox message %d has an unknown address; left pending", row.getLong("id"));
            return Uni.createFrom().failure(new IllegalStateException("unknown address"));
        }
        OutgoingAmqpMetadata metadata = OutgoingAmqpMetadata.builder()
                .withContentType(Addresses.CONTENT_TYPE_JSON)
                .withDurable(true)
                .withApplicationProperties(new JsonObject().put(Addresses.PROPERTY_ORGANIZATION_ID,
                        row.getUUID("organization_id").toString()))
                .build();
        byte[] body = row.getString("payload").getBytes(StandardCharsets.UTF_8);
        return revocations.sendMessage(Message.of(body).addMetadata(metadata))
                .ifNoItem().after(config.sendTimeout()).fail();
    }
}
