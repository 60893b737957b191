package io.callwire.notifier.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import io.callwire.contract.event.EventEnvelope;
import io.callwire.notifier.Webhook;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository;
import io.callwire.notifier.repository.DeliveryRepository.Job;
import io.callwire.notifier.repository.DeliveryRepository.NewJob;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.callwire.notifier.repository.TimeOrderedIds;
import io.callwire.notifier.DeliveryStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Future;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns events into delivery jobs, many events per transaction: events are collected for at most
 * {@code ingest.linger} or {@code ingest.batch-size} events, the jobs of all of them are written with
 * one statement, and only after the commit are the AMQP messages acknowledged. If the write fails,
 * the messages are released to the broker, which delivers them again. Pending events are bounded by
 * {@code ingest.max-pending}: beyond, the consumer waits.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    /** @param traceparent the W3C {@code traceparent} the event arrived with (null if none), stored with its jobs */
    private record Pending(EventEnvelope event, String traceparent, AmqpMessage message) {
    }

    private final EndpointIndex index;
    private final TemplateRenderer renderer;
    private final DeliveryRepository deliveries;
    private final DeliveryWorker worker;
    private final Pool pool;
    private final NotifierConfig config;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    /** Batches whose jobs could not be written (database down or failing). */
    private final Counter writeFailures;
    /** Events handed back to the broker after a failed write: each one comes again (a redelivery). */
    private final Counter releasedEvents;

    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Void>> waitingForRoom = new ArrayDeque<>();
    private int unacknowledged;
    private boolean flushScheduled;
    /** One batch is written at a time, so jobs are numbered in the order their events arrived. */
    private boolean flushing;

    public IngestService(EndpointIndex index, TemplateRenderer renderer, DeliveryRepository deliveries, DeliveryWorker worker,
                         Pool pool, NotifierConfig config, Vertx vertx, ObjectMapper mapper, MeterRegistry metrics) {
        this.mapper = mapper;
        this.writeFailures = Counter.builder("callwire.notifier.ingest.write.failures")
                .description("Batches of events whose delivery jobs could not be written").register(metrics);
        this.releasedEvents = Counter.builder("callwire.notifier.ingest.released")
                .description("Events released to the broker (to be delivered again) after a failed write").register(metrics);
        this.index = index;
        this.renderer = renderer;
        this.deliveries = deliveries;
        this.worker = worker;
        this.pool = pool;
        this.config = config;
        this.vertx = vertx;
    }

    /** The message id of an event for an endpoint: derived from both, the same however often the event arrives. */
    public static UUID messageId(UUID eventId, UUID webhookId) {
        return UUID.nameUUIDFromBytes((eventId + "/" + webhookId).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Queues an event for the next batch. The returned stage completes when the consumer may hand over
     * the next message (at once unless too many are pending); the message itself is acknowledged later.
     *
     * @param traceparent the W3C {@code traceparent} the event arrived with, or null: stored with each of its
     *                    jobs, so that their attempts continue the event's trace
     */
    public CompletionStage<Void> submit(EventEnvelope event, String traceparent, AmqpMessage message) {
        boolean flushNow = false;
        boolean schedule = false;
        CompletableFuture<Void> room;
        synchronized (this) {
            buffer.add(new Pending(event, traceparent, message));
            unacknowledged++;
            if (buffer.size() >= config.ingest().batchSize()) {
                flushNow = true;
            } else if (!flushScheduled) {
                flushScheduled = true;
                schedule = true;
            }
            if (unacknowledged < config.ingest().maxPending()) {
                room = CompletableFuture.completedFuture(null);
            } else {
                room = new CompletableFuture<>();
                waitingForRoom.add(room);
            }
        }
        if (flushNow) {
            flush();
        } else if (schedule) {
            vertx.setTimer(Math.max(1, config.ingest().linger().toMillis()), id -> flush());
        }
        return room;
    }

    private void flush() {
        List<Pending> batch = new ArrayList<>();
        synchronized (this) {
            flushScheduled = false;
            if (flushing) {
                return; // the running flush looks at the buffer again when it is done
            }
            while (!buffer.isEmpty() && batch.size() < config.ingest().batchSize()) {
                batch.add(buffer.poll());
            }
            if (batch.isEmpty()) {
                return;
            }
            flushing = true;
        }
        List<NewJob> jobs = new ArrayList<>();
        // jobs this replica has room to send at once are written leased to it and handed to the worker after
        // the commit: their first attempt waits for no claim query (ordered ones are left to the claim, which
        // knows whether an earlier message of the entity is still pending)
        List<NewJob> handed = new ArrayList<>();
        Unrenderable unrenderable = new Unrenderable(new ArrayList<>(), new ArrayList<>());
        // Vert.x futures, not Mutiny, on the delivery path: see DeliveryRepository
        io.vertx.sqlclient.Pool pool = this.pool.getDelegate();
        index.ready()
                .compose(ready -> {
                    jobs.addAll(jobsOf(batch, unrenderable));
                    if (jobs.isEmpty() && !unrenderable.jobs().isEmpty()) {
                        return pool.withTransaction(client -> deliveries.insertFinished(client, unrenderable.jobs(),
                                unrenderable.outcomes())).map(List.<UUID>of());
                    }
                    if (jobs.isEmpty()) {
                        return Future.succeededFuture(List.<UUID>of());
                    }
                    boolean[] leased = new boolean[jobs.size()];
                    for (int i = 0; i < leased.length; i++) {
                        NewJob job = jobs.get(i);
                        if (!job.ordered() && worker.reserve(job.webhookId())) {
                            leased[i] = true;
                            handed.add(job);
                        }
                    }
                    if (unrenderable.jobs().isEmpty()) {
                        // one statement is one transaction: no BEGIN/COMMIT round trips around it
                        return deliveries.insertJobs(pool, jobs, leased, config.delivery().lease().toMillis(),
                                worker.handOffToken());
                    }
                    return pool.withTransaction(client -> deliveries.insertJobs(client, jobs, leased,
                                    config.delivery().lease().toMillis(), worker.handOffToken())
                            .compose(written -> deliveries.insertFinished(client, unrenderable.jobs(),
                                    unrenderable.outcomes()).map(written)));
                })
                .onComplete(done -> {
                    flushed();
                    if (done.failed()) {
                        failed(batch, handed, done.cause());
                        return;
                    }
                    List<UUID> written = done.result();
                    failures = 0;
                    for (Pending pending : batch) {
                        pending.message().accepted();
                    }
                    released(batch.size());
                    Set<UUID> writtenIds = new HashSet<>(written);
                    int handedOff = 0;
                    for (NewJob job : handed) {
                        if (writtenIds.contains(job.id())) {
                            worker.handOff(job);
                            handedOff++;
                        } else {
                            worker.release(job.webhookId()); // a redelivered event, or its endpoint was deleted
                        }
                    }
                    if (written.size() > handedOff) {
                        worker.jobsLeftToClaim();
                    }
                });
    }

    /** The jobs of a batch could not be written: its places are given back and its messages released after a pause. */
    private void failed(List<Pending> batch, List<NewJob> handed, Throwable failure) {
        handed.forEach(job -> worker.release(job.webhookId()));
        // the broker redelivers a released message at once: without a pause, a database outage
        // turns into a hot loop of redeliveries. The messages stay unacknowledged (and count
        // against max-pending, so the consumer stops taking more) until the pause is over.
        writeFailures.increment();
        long pause = backoff();
        LOG.warnf("writing the delivery jobs of %d event(s) failed, released to the broker in %d ms: %s",
                batch.size(), pause, failure.getMessage());
        vertx.setTimer(pause, id -> {
            for (Pending pending : batch) {
                // delivery failed, not undeliverable here: the count rises towards the broker's dead-letter limit
                pending.message().modified(true, false);
            }
            releasedEvents.increment(batch.size());
            released(batch.size());
        });
    }

    private void flushed() {
        boolean more;
        synchronized (this) {
            flushing = false;
            more = !buffer.isEmpty();
        }
        if (more) {
            vertx.runOnContext(this::flush);
        }
    }

    /** Consecutive failed writes: the pause before releasing the messages grows with them. */
    private volatile int failures;

    /** 0.5 s, doubling per consecutive failure, at most 30 s. */
    private long backoff() {
        int n = Math.min(failures++, 6);
        return Math.min(30_000, 500L << n);
    }

    /** Jobs of events that could not be rendered for an endpoint: stored dead, with the reason as their attempt. */
    private record Unrenderable(List<NewJob> jobs, List<Outcome> outcomes) {
    }

    private List<NewJob> jobsOf(List<Pending> batch, Unrenderable unrenderable) {
        List<NewJob> jobs = new ArrayList<>();
        for (Pending pending : batch) {
            EventEnvelope event = pending.event();
            int jobsBefore = jobs.size();
            int unrenderableBefore = unrenderable.jobs().size();
            try {
                jobsOf(event, pending.traceparent(), jobs, unrenderable);
            } catch (RuntimeException e) {
                // one event that cannot even be stored dead must not fail its batch: the batch would be released,
                // come back and fail again, holding back the good events beside it until the broker gives up
                jobs.subList(jobsBefore, jobs.size()).clear();
                unrenderable.jobs().subList(unrenderableBefore, unrenderable.jobs().size()).clear();
                unrenderable.outcomes().subList(unrenderableBefore, unrenderable.outcomes().size()).clear();
                LOG.errorf("event %s dropped: no delivery job can be written for it: %s", event.id(), e.getMessage());
            }
        }
        return jobs;
    }

    private void jobsOf(EventEnvelope event, String traceparent, List<NewJob> jobs, Unrenderable unrenderable) {
        String[] encoded = new String[1];
        java.util.function.Supplier<String> eventJson = () -> encoded[0] != null ? encoded[0]
                : (encoded[0] = renderer.eventJson(event));
        for (Webhook webhook : index.matching(event)) {
            UUID messageId = messageId(event.id(), webhook.id());
            try {
                String url = renderer.renderUrl(webhook.spec(), event, messageId);
                String body = renderer.renderBody(webhook.spec(), event, eventJson, messageId);
                // keep the event beside a body that is not the event itself: retries render the URL from it
                String kept = body == encoded[0] ? null : eventJson.get();
                jobs.add(new NewJob(TimeOrderedIds.next(), messageId, webhook.id(),
                        webhook.organizationId(), event.id(), event.eventType(), event.entityId(),
                        Boolean.TRUE.equals(webhook.spec().ordered()), event.expiresAt().orElse(null), url, body, kept,
                        traceparent));
            } catch (RuntimeException e) {
                LOG.errorf("event %s could not be rendered for webhook %s: %s", event.id(), webhook.id(), e.getMessage());
                unrenderable(event, traceparent, webhook, messageId, eventJson.get(), e, unrenderable);
            }
        }
    }

    /**
     * An event the endpoint's template cannot render is not dropped silently: its delivery is stored
     * dead with one attempt that names the reason (listed, resendable once the template is fixed).
     */
    private void unrenderable(EventEnvelope event, String traceparent, Webhook webhook, UUID messageId, String eventJson,
                              RuntimeException e, Unrenderable into) {
        UUID id = TimeOrderedIds.next();
        UUID token = UUID.randomUUID();
        Instant now = Instant.now();
        String error = "the event could not be rendered for this endpoint: " + e.getMessage();
        NewJob job = new NewJob(id, messageId, webhook.id(), webhook.organizationId(), event.id(), event.eventType(),
                event.entityId(), false, event.expiresAt().orElse(null), webhook.spec().url(), eventJson, eventJson,
                traceparent);
        Job claimed = new Job(id, messageId, webhook.id(), webhook.organizationId(), event.id(), event.eventType(),
                event.entityId(), null, job.url(), eventJson, eventJson, 0, 0, token, true, traceparent);
        String receipt = new Receipts(id, messageId, webhook.id(), webhook.organizationId(), event.eventType(),
                DeliveryStatus.DEAD.name(), 1, null, null, now).toJson(mapper);
        into.jobs().add(job);
        into.outcomes().add(new Outcome(claimed, DeliveryStatus.DEAD, true, 1, 1, null, null, null, null, error, now,
                receipt, true));
    }

    private void released(int count) {
        List<CompletableFuture<Void>> wake = new ArrayList<>();
        synchronized (this) {
            unacknowledged -= count;
            while (!waitingForRoom.isEmpty() && unacknowledged < config.ingest().maxPending()) {
                wake.add(waitingForRoom.poll());
            }
        }
        wake.forEach(f -> f.complete(null));
    }
}
