package io.callwire.notifier.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.notifier.client.ReceiptSender;
import io.callwire.notifier.repository.DeliveryRepository;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes delivery receipts on {@code callwire.deliveries}. The worker hands the receipts it has just
 * committed to the outbox straight to {@link #publishRecorded}, which deletes their rows once the broker
 * has accepted them all. Rows left behind (this replica died, the broker refused, too many in flight)
 * are taken by the sweep once they are {@link #SWEEP_AGE_MILLIS} old, in a transaction that deletes them
 * only if the broker accepted them. So none is lost when the broker or a replica goes down; some may
 * be published twice.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final int BATCH = 500;
    /** Outbox rows younger than this are left to the replica publishing them straight after their commit. */
    static final long SWEEP_AGE_MILLIS = 10_000;

    private final Pool pool;
    private final DeliveryRepository deliveries;
    private final ReceiptSender sender;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Outbox rows this replica is publishing straight after their commit, until deleted (sends in flight at most {@code 2 * BATCH}; the sweep adds one BATCH). */
    private final Set<Long> publishing = ConcurrentHashMap.newKeySet();
    /**
     * Rows of {@link #publishing} that the broker has accepted, to be deleted: by the next statement that
     * records outcomes ({@link #takePublished}), or on their own after {@link #DELETE_DELAY_MILLIS} when
     * no outcome comes. They stay in {@link #publishing} until deleted, so the sweep never takes them.
     */
    private final ConcurrentLinkedQueue<Long> published = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean deleteScheduled = new AtomicBoolean();
    /** Receipts handed to the sender and not yet accepted or refused by the broker. */
    private final AtomicInteger sending = new AtomicInteger();
    /** How long accepted receipts wait for an outcome statement to delete them before being deleted alone. */
    static final long DELETE_DELAY_MILLIS = 100;
    private volatile boolean running;
    private long timer = -1;

    public OutboxPublisher(Pool pool, DeliveryRepository deliveries, ReceiptSender sender, ObjectMapper mapper, Vertx vertx) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.sender = sender;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        timer = vertx.setPeriodic(1000, id -> take(SWEEP_AGE_MILLIS));
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        List<Long> ids = drainPublished();
        if (!ids.isEmpty()) {
            try {
                // else the sweep of another replica publishes them a second time
                deliveries.deleteReceipts(ids).await().atMost(java.time.Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debugf("deleting %d published receipt(s) on shutdown failed: %s", ids.size(), e.getMessage());
            }
        }
    }

    /** Publishes what the outbox holds now (except what this replica is publishing already). */
    public void wakeUp() {
        take(0);
    }

    /**
     * Publishes receipts whose outbox rows {@code outboxIds} were committed just now, and has the rows
     * deleted once the broker has accepted every one. When too many are in flight already, leaves them to
     * the sweep.
     */
    public void publishRecorded(List<Outcome> outcomes, List<Long> outboxIds) {
        // bounded by the sends the broker has not accepted yet (rows only waiting for their delete do not count)
        if (!running || outboxIds.isEmpty() || sending.get() + outboxIds.size() > 2 * BATCH) {
            return;
        }
        sending.addAndGet(outboxIds.size());
        publishing.addAll(outboxIds);
        List<Future<Void>> sends = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            if (outcome.receipt() == null) {
                continue; // no attempt was made (requeued): nothing to report
            }
            Context event = EventTrace.of(outcome.job().traceparent());
            sends.add(sender.send(outcome.receipt(), outcome.job().eventType(), outcome.job().organizationId().toString(),
                    event != null ? event : Context.root()));
        }
        // all of them, not the first failure: the rows are left to the sweep only when no send is still in flight
        Future.join(sends).onComplete(done -> {
            sending.addAndGet(-outboxIds.size());
            if (done.succeeded()) {
                published.addAll(outboxIds);
                if (deleteScheduled.compareAndSet(false, true)) {
                    vertx.setTimer(DELETE_DELAY_MILLIS, id -> deleteLeftovers());
                }
            } else {
                outboxIds.forEach(publishing::remove);
                LOG.debugf("publishing delivery receipts failed, the sweep publishes them later: %s", done.cause().getMessage());
            }
        });
    }

    /**
     * Outbox rows whose receipts the broker has accepted, for the caller's statement to delete; report
     * the outcome with {@link #deleted} or {@link #notDeleted}.
     */
    public List<Long> takePublished() {
        lastTaken = System.nanoTime();
        return drainPublished();
    }

    private volatile long lastTaken = System.nanoTime() - 1_000_000_000L * 3600;

    private List<Long> drainPublished() {
        List<Long> ids = new ArrayList<>();
        for (Long id; ids.size() < 2 * BATCH && (id = published.poll()) != null; ) {
            ids.add(id);
        }
        return ids;
    }

    /** The rows taken with {@link #takePublished} are deleted (committed). */
    public void deleted(List<Long> ids) {
        ids.forEach(publishing::remove);
    }

    /** The statement that was to delete the rows taken with {@link #takePublished} failed: they are deleted later. */
    public void notDeleted(List<Long> ids) {
        published.addAll(ids);
    }

    /** Deletes accepted receipts no outcome statement took (the outcomes stopped coming). */
    private void deleteLeftovers() {
        deleteScheduled.set(false);
        if (published.isEmpty()) {
            return;
        }
        if (System.nanoTime() - lastTaken < DELETE_DELAY_MILLIS * 1_000_000) {
            // outcomes are being recorded: the next statement deletes them
            if (deleteScheduled.compareAndSet(false, true)) {
                vertx.setTimer(DELETE_DELAY_MILLIS, id -> deleteLeftovers());
            }
            return;
        }
        List<Long> ids = drainPublished();
        if (ids.isEmpty()) {
            return;
        }
        deliveries.deleteReceipts(ids).subscribe().with(ok -> deleted(ids), failure -> {
            notDeleted(ids);
            LOG.debugf("deleting published delivery receipts failed, tried again: %s", failure.getMessage());
            if (deleteScheduled.compareAndSet(false, true)) {
                vertx.setTimer(1000, id -> deleteLeftovers());
            }
        });
    }

    private void take(long minAgeMillis) {
        if (!running) {
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        Long[] excluded = publishing.toArray(Long[]::new);
        pool.withTransaction(client -> deliveries.takeReceipts(client, BATCH, minAgeMillis, excluded)
                        .chain(receipts -> publish(receipts).replaceWith(receipts.size())))
                .subscribe().with(count -> {
                    busy.set(false);
                    if (count == BATCH || again.get()) {
                        vertx.runOnContext(() -> take(minAgeMillis));
                    }
                }, failure -> {
                    busy.set(false);
                    LOG.debugf("publishing delivery receipts failed, kept for later: %s", failure.getMessage());
                });
    }

    private Uni<Void> publish(List<String> receipts) {
        if (receipts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Future<Void>> sends = new ArrayList<>(receipts.size());
        for (String receipt : receipts) {
            String eventType = null;
            String organizationId = null;
            try {
                JsonNode json = mapper.readTree(receipt);
                eventType = json.path("eventType").asText();
                organizationId = json.path("organizationId").asText();
            } catch (Exception e) {
                // a receipt is always our own JSON; without properties it is still delivered
            }
            // the outbox keeps no trace: a receipt published late (after a crash or a broker outage) has one of its own
            sends.add(sender.send(receipt, eventType, organizationId, Context.root()));
        }
        return Uni.createFrom().completionStage(Future.all(sends).<Void>mapEmpty().toCompletionStage());
    }
}
