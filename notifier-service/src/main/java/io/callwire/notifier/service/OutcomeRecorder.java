package io.callwire.notifier.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.vertx.core.Future;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records delivery outcomes in batches: one statement writes the jobs' state, their attempts and their
 * receipts; the receipts are then published and endpoint health updated. Outcomes waiting to be
 * written are counted ({@link #waiting}); the worker counts them against its capacity, so when the
 * database falls behind, fewer jobs are claimed instead of outcomes piling up in memory.
 */
@ApplicationScoped
public class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);
    static final int RECORD_BATCH = 500;

    private final DeliveryRepository deliveries;
    private final OutboxPublisher outbox;
    private final EndpointHealth health;
    private final NotifierConfig config;
    private final Vertx vertx;
    private final List<Outcome> toRecord = new ArrayList<>();
    private final AtomicBoolean recording = new AtomicBoolean();
    /** Outcomes handed to {@link #add} and not yet written (or given up). */
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Runnable onRecorded = () -> { };

    public OutcomeRecorder(DeliveryRepository deliveries, OutboxPublisher outbox, EndpointHealth health, NotifierConfig config,
                           Vertx vertx) {
        this.config = config;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.health = health;
        this.vertx = vertx;
    }

    /** Called after every batch written (the worker claims again: capacity was freed). */
    void onRecorded(Runnable callback) {
        this.onRecorded = callback;
    }

    /** Outcomes not yet written. */
    public int waiting() {
        return waiting.get();
    }

    /** Queues an outcome; it is written within a few milliseconds with others. */
    public void add(Outcome outcome) {
        waiting.incrementAndGet();
        boolean flushNow;
        synchronized (toRecord) {
            toRecord.add(outcome);
            flushNow = toRecord.size() == 1 || toRecord.size() >= RECORD_BATCH;
        }
        if (flushNow) {
            // a short pause lets the outcomes of many requests share a statement
            vertx.setTimer(Math.max(1, config.delivery().recordLinger().toMillis()), id -> flush());
        }
    }

    private void flush() {
        if (!recording.compareAndSet(false, true)) {
            // the running flush looks at toRecord again when it is done (it clears the flag first)
            return;
        }
        List<Outcome> batch;
        synchronized (toRecord) {
            batch = new ArrayList<>(toRecord.subList(0, Math.min(RECORD_BATCH, toRecord.size())));
            toRecord.subList(0, batch.size()).clear();
        }
        if (batch.isEmpty()) {
            recording.set(false);
            return;
        }
        List<Long> published = outbox.takePublished();
        // Vert.x futures, not Mutiny, on the delivery path: see DeliveryRepository
        deliveries.record(batch, published)
                .compose(recorded -> {
                    outbox.deleted(published);
                    outbox.publishRecorded(recorded.outcomes(), recorded.outboxIds());
                    if (recorded.outcomes().size() < batch.size()) {
                        LOG.debugf("%d outcome(s) not recorded: their jobs were claimed again or resent meanwhile",
                                batch.size() - recorded.outcomes().size());
                    }
                    return health.after(recorded.outcomes());
                }, failure -> {
                    outbox.notDeleted(published);
                    return Future.failedFuture(failure);
                })
                .onComplete(done -> {
                    waiting.addAndGet(-batch.size());
                    recording.set(false);
                    boolean more;
                    synchronized (toRecord) {
                        more = !toRecord.isEmpty();
                    }
                    if (more) {
                        vertx.runOnContext(this::flush);
                    }
                    if (done.failed()) {
                        LOG.warnf("recording %d delivery outcomes failed (their leases expire and they are sent again): %s",
                                batch.size(), done.cause().getMessage());
                    }
                    onRecorded.run();
                });
    }
}
