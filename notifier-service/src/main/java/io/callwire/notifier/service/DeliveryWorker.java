package io.callwire.notifier.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.notifier.DeliveryStatus;
import io.callwire.notifier.Webhook;
import io.callwire.notifier.WebhookStatus;
import io.callwire.notifier.client.WebhookSender;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository;
import io.callwire.notifier.repository.DeliveryRepository.Job;
import io.callwire.notifier.repository.DeliveryRepository.NewJob;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.callwire.notifier.repository.WebhookRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Claims due jobs in batches ({@code FOR UPDATE SKIP LOCKED}, with a lease so that the jobs of a
 * replica that died are claimed again), sends them, and records the outcomes in batches. Endpoints
 * whose own connection budget is used up are left out of the claim, so one tenant's slow endpoint
 * never occupies the capacity of the others.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final int RECORD_BATCH = 500;
    /** Requests queued per pooled connection of an endpoint (keeps its connections busy, bounds its share). */
    private static final int QUEUED_PER_CONNECTION = 8;
    private static final long COALESCE_MILLIS = 5;

    private final DeliveryRepository deliveries;
    private final WebhookRepository webhooks;
    private final EndpointIndex index;
    private final WebhookSender sender;
    private final WebhookLifecycle lifecycle;
    private final OutboxPublisher outbox;
    private final NotifierConfig config;
    private final ObjectMapper mapper;
    private final Vertx vertx;

    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<UUID, AtomicInteger> inFlightPerEndpoint = new ConcurrentHashMap<>();
    private final List<Outcome> toRecord = new ArrayList<>();
    private final AtomicBoolean recording = new AtomicBoolean();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private volatile boolean running;
    private long timer = -1;

    public DeliveryWorker(DeliveryRepository deliveries, WebhookRepository webhooks, EndpointIndex index,
                          WebhookSender sender, WebhookLifecycle lifecycle, OutboxPublisher outbox, NotifierConfig config,
                          ObjectMapper mapper, Vertx vertx) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.index = index;
        this.sender = sender;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.config = config;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        timer = vertx.setPeriodic(config.delivery().pollInterval().toMillis(), id -> wakeUp());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Looks for due jobs now (new jobs were written, or capacity was freed). */
    public void wakeUp() {
        if (!running) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        int free = config.delivery().maxInFlight() - inFlight.get();
        int limit = Math.min(config.delivery().claimBatchSize(), free);
        if (limit <= 0) {
            claiming.set(false);
            return;
        }
        List<UUID> saturated = new ArrayList<>();
        inFlightPerEndpoint.forEach((id, count) -> {
            if (count.get() >= capacityOf(id)) {
                saturated.add(id);
            }
        });
        deliveries.claim(limit, saturated, config.delivery().lease().toMillis())
                .subscribe().with(jobs -> {
                    for (Job job : jobs) {
                        process(job);
                    }
                    claiming.set(false);
                    if (jobs.size() == limit || again.get()) {
                        vertx.runOnContext(this::wakeUp);
                    }
                }, failure -> {
                    claiming.set(false);
                    LOG.warnf("claiming due deliveries failed: %s", failure.getMessage());
                });
    }

    /**
     * Claims again shortly: completions free capacity one by one, and one claim for all that
     * completed within a few milliseconds is much cheaper than a claim query per completion.
     */
    private void wakeUpSoon() {
        if (wakeScheduled.compareAndSet(false, true)) {
            vertx.setTimer(COALESCE_MILLIS, id -> {
                wakeScheduled.set(false);
                wakeUp();
            });
        }
    }

    /**
     * Requests one endpoint may have in flight here: its pool size times {@link #QUEUED_PER_CONNECTION}
     * (the rest wait in that endpoint's own client queue, bounded, never in a shared one).
     */
    private int capacityOf(UUID webhookId) {
        Webhook webhook = index.cached(webhookId);
        return (webhook == null ? 1 : webhook.spec().maxConnections()) * QUEUED_PER_CONNECTION;
    }

    /**
     * Takes a place for one fresh job of an endpoint, if this replica has room for it now (within
     * {@code max-in-flight} and the endpoint's own share). A job with a place is written already leased
     * to this replica and handed over with {@link #handOff}, without waiting for a claim; without one
     * it is left to the claim query.
     */
    public boolean reserve(UUID webhookId) {
        if (!running) {
            return false;
        }
        if (inFlight.incrementAndGet() > config.delivery().maxInFlight()) {
            inFlight.decrementAndGet();
            return false;
        }
        AtomicInteger perEndpoint = inFlightPerEndpoint.computeIfAbsent(webhookId, id -> new AtomicInteger());
        if (perEndpoint.incrementAndGet() > capacityOf(webhookId)) {
            perEndpoint.decrementAndGet();
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a place taken by {@link #reserve} whose job was not written. */
    public void release(UUID webhookId) {
        inFlight.decrementAndGet();
        inFlightPerEndpoint.get(webhookId).decrementAndGet();
    }

    /** Sends a job written (and leased to this replica) in a transaction that has committed; its place is reserved. */
    public void handOff(NewJob fresh) {
        Job job = new Job(fresh.id(), fresh.messageId(), fresh.webhookId(), fresh.organizationId(), fresh.eventId(),
                fresh.eventType(), fresh.entityId(), fresh.expiresAt(), fresh.url(), fresh.body(), 0, 0);
        if (expired(job)) {
            release(job.webhookId());
            return;
        }
        send(job, inFlightPerEndpoint.get(job.webhookId()));
    }

    private void process(Job job) {
        if (expired(job)) {
            return;
        }
        inFlight.incrementAndGet();
        AtomicInteger perEndpoint = inFlightPerEndpoint.computeIfAbsent(job.webhookId(), id -> new AtomicInteger());
        perEndpoint.incrementAndGet();
        send(job, perEndpoint);
    }

    /** Records an expired job as such (true) instead of sending it. */
    private boolean expired(Job job) {
        Instant now = Instant.now();
        if (job.expiresAt() != null && now.isAfter(job.expiresAt())) {
            finish(outcome(job, DeliveryStatus.EXPIRED, false, null, null, "event expired before it could be sent", now));
            return true;
        }
        return false;
    }

    private void send(Job job, AtomicInteger perEndpoint) {
        index.get(job.webhookId())
                .chain(webhook -> {
                    if (webhook == null || !webhook.isEnabled()) {
                        return Uni.createFrom().item(outcome(job, DeliveryStatus.DEAD, false, null, null,
                                "endpoint " + (webhook == null ? "deleted" : "disabled"), Instant.now()));
                    }
                    return sender.send(webhook, job.messageId(), job.url(), job.body())
                            .map(result -> decide(webhook, job, result));
                })
                .onFailure().recoverWithItem(failure -> outcome(job, DeliveryStatus.PENDING, false, null, null,
                        "internal error: " + failure.getMessage(), Instant.now()))
                .subscribe().with(outcome -> {
                    inFlight.decrementAndGet();
                    perEndpoint.decrementAndGet();
                    finish(outcome);
                    wakeUpSoon();
                });
    }

    private Outcome decide(Webhook webhook, Job job, WebhookSender.Result result) {
        Instant now = Instant.now();
        int attempts = job.attempts() + 1;
        int round = job.roundAttempts() + 1;
        DeliveryStatus status;
        Instant next = null;
        String error = result.error();
        if (result.success()) {
            status = DeliveryStatus.DELIVERED;
        } else if (result.status() != null && result.status() == 410) {
            status = DeliveryStatus.DEAD;
            error = "410 Gone: endpoint disabled";
        } else if (!RetryPolicy.retryable(webhook.spec().retry(), result)) {
            status = DeliveryStatus.DEAD;
            error = error != null ? error : "HTTP " + result.status() + " is not retried";
        } else if (round >= webhook.spec().retry().maxAttempts()) {
            status = DeliveryStatus.DEAD;
            error = error != null ? error : "HTTP " + result.status() + " on the last attempt";
        } else {
            status = DeliveryStatus.PENDING;
            Duration delay = RetryPolicy.nextDelay(webhook.spec().retry(), round, result.retryAfter(),
                    config.delivery().maxRetryAfter(), config.delivery().jitter());
            next = now.plus(delay);
        }
        String receipt = new Receipts(job.id(), job.messageId(), job.webhookId(), job.organizationId(), job.eventType(),
                Receipts.statusOf(status), attempts, result.status(), result.latencyMs(), now).toJson(mapper);
        return new Outcome(job, status, true, attempts, round, next, result.status(), result.latencyMs(),
                result.responseExcerpt(), error, now, receipt);
    }

    /** An outcome without a response (expired, endpoint gone, internal error: retried after a short pause). */
    private Outcome outcome(Job job, DeliveryStatus status, boolean attempted, Integer httpStatus, Long latency, String error,
                            Instant now) {
        Instant next = status == DeliveryStatus.PENDING ? now.plusSeconds(5) : null;
        String receipt = new Receipts(job.id(), job.messageId(), job.webhookId(), job.organizationId(), job.eventType(),
                Receipts.statusOf(status), job.attempts(), httpStatus, latency, now).toJson(mapper);
        return new Outcome(job, status, attempted, job.attempts(), job.roundAttempts(), next, httpStatus, latency, null, error,
                now, receipt);
    }

    private void finish(Outcome outcome) {
        boolean flushNow;
        synchronized (toRecord) {
            toRecord.add(outcome);
            flushNow = toRecord.size() == 1 || toRecord.size() >= RECORD_BATCH;
        }
        if (flushNow) {
            // a short pause lets the outcomes of one claimed batch share a transaction
            vertx.setTimer(5, id -> flush());
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
        deliveries.record(batch)
                .invoke(outboxIds -> outbox.publishRecorded(batch, outboxIds))
                .chain(() -> afterRecorded(batch))
                .eventually(() -> {
                    recording.set(false);
                    boolean more;
                    synchronized (toRecord) {
                        more = !toRecord.isEmpty();
                    }
                    if (more) {
                        vertx.runOnContext(this::flush);
                    }
                })
                .subscribe().with(ok -> {
                    wakeUpSoon();
                }, failure -> LOG.warnf(
                        "recording %d delivery outcomes failed (their leases expire and they are sent again): %s",
                        batch.size(), failure.getMessage()));
    }

    /** Endpoint health: 410 disables, a long failure streak auto-disables, a success ends the streak. */
    private Uni<Void> afterRecorded(List<Outcome> batch) {
        Set<UUID> gone = new LinkedHashSet<>();
        Set<UUID> failed = new HashSet<>();
        Set<UUID> succeeded = new HashSet<>();
        for (Outcome o : batch) {
            if (!o.attempted()) {
                continue;
            }
            if (o.status() == DeliveryStatus.DELIVERED) {
                succeeded.add(o.job().webhookId());
            } else if (o.httpStatus() != null && o.httpStatus() == 410) {
                gone.add(o.job().webhookId());
            } else {
                failed.add(o.job().webhookId());
            }
        }
        failed.removeAll(succeeded);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : gone) {
            chain = chain.chain(() -> lifecycle.disable(id, WebhookStatus.DISABLED, "410 Gone"));
        }
        if (!succeeded.isEmpty()) {
            chain = chain.chain(() -> webhooks.clearFailing(List.copyOf(succeeded)));
        }
        if (!failed.isEmpty()) {
            Instant threshold = Instant.now().minus(config.autoDisableAfter());
            chain = chain.chain(() -> webhooks.markFailing(List.copyOf(failed), threshold))
                    .chain(expired -> {
                        Uni<Void> disable = Uni.createFrom().voidItem();
                        for (UUID id : expired) {
                            disable = disable.chain(() -> lifecycle.disable(id, WebhookStatus.AUTO_DISABLED,
                                    "failed every message for " + config.autoDisableAfter()));
                        }
                        return disable;
                    });
        }
        return chain;
    }
}
