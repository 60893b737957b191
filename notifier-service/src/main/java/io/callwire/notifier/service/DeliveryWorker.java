package io.callwire.notifier.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.callwire.notifier.Webhook;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository;
import io.callwire.notifier.repository.DeliveryRepository.Job;
import io.callwire.notifier.repository.DeliveryRepository.NewJob;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.opentelemetry.context.Context;
import io.quarkus.opentelemetry.runtime.QuarkusContextStorage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * The claim loop: claims due jobs in batches ({@code FOR UPDATE SKIP LOCKED}, with a lease and a lease
 * token, so that the jobs of a replica that died are claimed again and only the current owner records
 * an outcome), hands each to {@link AttemptSender} and its outcome to {@link OutcomeRecorder}. It keeps
 * this replica's capacity: requests in flight plus outcomes not yet written stay within
 * {@code max-in-flight}, and one endpoint never has more than {@link #QUEUED_PER_CONNECTION} × its pool
 * size here — in the claim query itself, so a single claim cannot overfill an endpoint's connection queue.
 *
 * <p>The claim, the attempt and the outcome are chained on Vert.x futures, not Mutiny: see
 * {@link DeliveryRepository} for why the delivery path avoids Mutiny's operators.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /** Requests queued per pooled connection of an endpoint (keeps its connections busy, bounds its share). */
    static final int QUEUED_PER_CONNECTION = 8;
    private static final long COALESCE_MILLIS = 5;
    /** Shutdown observers without a priority have {@code APPLICATION + 500}; lower runs earlier. */
    public static final int SHUTDOWN_FIRST = Interceptor.Priority.APPLICATION;

    private final DeliveryRepository deliveries;
    private final EndpointIndex index;
    private final AttemptSender attempts;
    private final OutcomeRecorder recorder;
    private final EndpointBreaker breaker;
    private final NotifierConfig config;
    private final Vertx vertx;

    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<UUID, AtomicInteger> inFlightPerEndpoint = new ConcurrentHashMap<>();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    /**
     * Non-zero while jobs may be waiting for the claim query beyond the periodic poll: written without a
     * place here ({@link #jobsLeftToClaim}), or the last claim came back full or could not run for lack of
     * capacity. Freed capacity claims again only then; when every fresh job was handed over, a claim per
     * completion would only walk the index and find nothing. Counts marks, so that a claim clears only
     * the marks it saw (one made while it ran stays).
     */
    private final AtomicLong backlog = new AtomicLong(1);
    /** Jobs whose request is under way here, with their lease token (released on shutdown if still running). */
    private final Map<UUID, UUID> inFlightJobs = new ConcurrentHashMap<>();
    /** The lease token of the jobs this replica writes already leased to itself (one per process). */
    private final UUID handOffToken = UUID.randomUUID();
    private volatile boolean running;
    private long timer = -1;

    public DeliveryWorker(DeliveryRepository deliveries, EndpointIndex index, AttemptSender attempts,
                          OutcomeRecorder recorder, EndpointBreaker breaker, NotifierConfig config, Vertx vertx) {
        this.deliveries = deliveries;
        this.breaker = breaker;
        this.index = index;
        this.attempts = attempts;
        this.recorder = recorder;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        recorder.onRecorded(this::claimSoonIfBacklog);
        timer = vertx.setPeriodic(config.delivery().pollInterval().toMillis(), id -> wakeUp());
    }

    /**
     * Graceful shutdown (SIGTERM): stops claiming and taking fresh jobs, lets the requests in flight
     * finish and their outcomes be written within {@code delivery.shutdown-grace}, then releases the
     * leases of any still running so that another replica sends them at once instead of after the lease.
     * Runs before every other shutdown observer (the HTTP clients, the outbox): the requests it waits for
     * need them. Without a priority, the order of observers is left to the container.
     */
    void stop(@Observes @Priority(SHUTDOWN_FIRST) ShutdownEvent event) {
        running = false;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        // says what the pause before exit is for (and marks its start: NotifierKillIT answers the requests after it)
        LOG.infof("delivery worker stopping: %d request(s) in flight, %d outcome(s) to write; waiting up to %s",
                inFlight.get(), recorder.waiting(), config.delivery().shutdownGrace());
        long deadline = System.nanoTime() + config.delivery().shutdownGrace().toNanos();
        try {
            while ((inFlight.get() > 0 || recorder.waiting() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<UUID, UUID> left = Map.copyOf(inFlightJobs);
        if (left.isEmpty()) {
            LOG.info("delivery worker stopped: no request in flight");
            return;
        }
        try {
            int released = deliveries.releaseLeases(left.keySet().toArray(UUID[]::new), left.values().toArray(UUID[]::new))
                    .await().atMost(java.time.Duration.ofSeconds(5));
            LOG.infof("delivery worker stopped: released %d lease(s) of requests still in flight", released);
        } catch (RuntimeException e) {
            LOG.warnf("releasing %d lease(s) on shutdown failed (they expire after the lease): %s", left.size(),
                    e.getMessage());
        }
    }

    /** The token jobs written by {@link #reserve}d ingestion are leased with. */
    public UUID handOffToken() {
        return handOffToken;
    }

    /** Requests in flight here (health, shutdown). */
    public int inFlight() {
        return inFlight.get();
    }

    /** Whether this replica still claims and takes fresh jobs. */
    public boolean running() {
        return running;
    }

    /** Stops claiming and taking fresh jobs (graceful shutdown). */
    public void stopClaiming() {
        running = false;
    }

    /**
     * Jobs were written that this replica had no place for (or that wait for an earlier message of their
     * entity): claims now, and again as capacity is freed until a claim comes back short.
     */
    public void jobsLeftToClaim() {
        backlog.incrementAndGet();
        wakeUp();
    }

    /** Looks for due jobs now (the poll, jobs written, or capacity freed). */
    public void wakeUp() {
        if (!running) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        long marks = backlog.get();
        // the places for what the claim may return are taken now, not when it returns: fresh jobs handed over
        // from ingestion meanwhile (reserve) would otherwise take the same places, and the claim's jobs would
        // then go past max-in-flight (up to twice the bound while the database is slow)
        int limit;
        for (;;) {
            int current = inFlight.get();
            limit = Math.min(config.delivery().claimBatchSize(), config.delivery().maxInFlight() - current - recorder.waiting());
            if (limit <= 0 || inFlight.compareAndSet(current, current + limit)) {
                break;
            }
        }
        if (limit <= 0) {
            backlog.incrementAndGet(); // claim again once capacity is freed
            claiming.set(false);
            return;
        }
        int held = limit;
        List<UUID> saturated = new ArrayList<>();
        List<UUID> busy = new ArrayList<>();
        List<Integer> busyCounts = new ArrayList<>();
        // endpoints whose breaker holds their jobs (open, or a probe under way) are left; one whose open
        // time is over has room for one job, the probe. They do not make the claim "full": their jobs
        // wait for the breaker, not for capacity
        List<UUID> waiting = new ArrayList<>();
        Set<UUID> probes = new HashSet<>();
        breaker.held(waiting::add, probes::add);
        Set<UUID> waitingSet = waiting.isEmpty() ? Set.of() : new HashSet<>(waiting);
        inFlightPerEndpoint.forEach((id, count) -> {
            int n = count.get();
            if (waitingSet.contains(id)) {
                return;
            }
            if (probes.contains(id)) {
                if (n > 0) {
                    waiting.add(id); // a request from before it opened is still under way: probe after it
                }
                return;
            }
            if (n >= capacityOf(id)) {
                saturated.add(id);
            } else if (n > 0) {
                busy.add(id);
                busyCounts.add(n);
            }
        });
        List<UUID> probing = new ArrayList<>(probes.size());
        for (UUID id : probes) {
            AtomicInteger count = inFlightPerEndpoint.get(id);
            if (count == null || count.get() == 0) {
                probing.add(id);
            }
        }
        List<UUID> excluded = saturated;
        if (!waiting.isEmpty()) {
            excluded = new ArrayList<>(saturated);
            excluded.addAll(waiting);
        }
        deliveries.claim(limit, excluded, busy.toArray(UUID[]::new), busyCounts.toArray(Integer[]::new),
                        probing.toArray(UUID[]::new),
                        QUEUED_PER_CONNECTION, config.delivery().lease().toMillis())
                .onComplete(claimed -> {
                    if (claimed.failed()) {
                        inFlight.addAndGet(-held);
                        claiming.set(false);
                        LOG.warnf("claiming due deliveries failed: %s", claimed.cause().getMessage());
                        return;
                    }
                    List<Job> jobs = claimed.result();
                    // each job claimed takes one of the held places; the rest are given back
                    inFlight.addAndGet(-(held - jobs.size()));
                    boolean full = !saturated.isEmpty();
                    for (Job job : jobs) {
                        full |= process(job);
                    }
                    if (jobs.size() < held && !full) {
                        // all that was due is claimed (unless marked meanwhile); with an endpoint at its share
                        // here, some of its jobs may have been left: they are claimed as its requests complete
                        backlog.compareAndSet(marks, 0);
                    }
                    claiming.set(false);
                    if (jobs.size() == held || again.get()) {
                        vertx.runOnContext(this::wakeUp);
                    }
                });
    }

    /** Capacity was freed: claims again shortly if jobs may be waiting for it (else the poll finds retries). */
    private void claimSoonIfBacklog() {
        if (backlog.get() != 0) {
            wakeUpSoon();
        }
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
     * {@code max-in-flight}, counting outcomes not yet written, and the endpoint's own share). A job with
     * a place is written already leased to this replica and handed over with {@link #handOff}, without
     * waiting for a claim; without one it is left to the claim query.
     */
    public boolean reserve(UUID webhookId) {
        if (!running) {
            return false;
        }
        if (inFlight.incrementAndGet() + recorder.waiting() > config.delivery().maxInFlight()) {
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
                fresh.eventType(), fresh.entityId(), fresh.expiresAt(), fresh.url(), fresh.body(), fresh.event(), 0, 0,
                handOffToken, true, fresh.traceparent());
        Outcome expired = attempts.expiredOutcome(job);
        if (expired != null) {
            release(job.webhookId());
            recorder.add(expired);
            return;
        }
        if (!breaker.tryAcquire(job.webhookId())) {
            // written leased to this replica: the outcome puts it off (no attempt, no receipt)
            recorder.add(attempts.deferredOutcome(job, breaker.deferUntil(job.webhookId())));
            release(job.webhookId());
            return;
        }
        send(job, inFlightPerEndpoint.get(job.webhookId()));
    }

    /** Sends a claimed job, whose place the claim holds; answers whether its endpoint now has its whole share here. */
    private boolean process(Job job) {
        Outcome expired = attempts.expiredOutcome(job);
        if (expired != null) {
            recorder.add(expired); // counted as waiting before its place is given back
            inFlight.decrementAndGet();
            return false;
        }
        if (!breaker.tryAcquire(job.webhookId())) {
            recorder.add(attempts.deferredOutcome(job, breaker.deferUntil(job.webhookId())));
            inFlight.decrementAndGet();
            return false;
        }
        AtomicInteger perEndpoint = inFlightPerEndpoint.computeIfAbsent(job.webhookId(), id -> new AtomicInteger());
        boolean full = perEndpoint.incrementAndGet() >= capacityOf(job.webhookId());
        send(job, perEndpoint);
        return full;
    }

    private void send(Job job, AtomicInteger perEndpoint) {
        inFlightJobs.put(job.id(), job.leaseToken());
        // each attempt runs in a Vert.x context of its own: in the context it was handed over in (an ingestion
        // batch, a claim) it took the OpenTelemetry context of whatever ran there last, the trace of another
        // event of the batch, perhaps another organization's
        io.vertx.core.Context own = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        Context event = EventTrace.of(job.traceparent());
        if (event != null) {
            // the event's trace is the OpenTelemetry context of this Vert.x context (Quarkus keeps it in the
            // duplicated context's local data) for the attempt's whole life, not only inside a Scope: the
            // request is sent, and its span started by the HTTP client's tracer, in later callbacks. The
            // context is this attempt's alone and is dropped with it, so there is nothing to restore
            QuarkusContextStorage.INSTANCE.attach(own, event);
        }
        // without an event trace, the attempt's request starts a trace of its own. The attempt starts in a task of
        // its own on the same event loop: Vert.x's public API has no way to run code in another context at once
        own.runOnContext(v -> attempt(job, perEndpoint));
    }

    private void attempt(Job job, AtomicInteger perEndpoint) {
        attempts.attempt(job).onSuccess(outcome -> {
            inFlightJobs.remove(job.id());
            // the outcome counts against capacity (recorder.waiting) before the request stops counting
            recorder.add(outcome);
            inFlight.decrementAndGet();
            perEndpoint.decrementAndGet();
            judge(job.webhookId(), outcome);
            claimSoonIfBacklog();
        });
    }

    /**
     * Tells the endpoint's breaker about an outcome. When it opens, the endpoint's waiting jobs are put off
     * until the probe (so the claim does not walk over them meanwhile); when it closes, they are claimed.
     */
    private void judge(UUID webhookId, Outcome outcome) {
        EndpointBreaker.Verdict verdict = EndpointBreaker.verdict(outcome);
        boolean closing = verdict == EndpointBreaker.Verdict.ANSWERED && breaker.open() > 0
                && breaker.state(webhookId) != EndpointBreaker.State.CLOSED;
        Instant openUntil = breaker.record(webhookId, verdict);
        if (openUntil != null) {
            deliveries.defer(webhookId, openUntil, AttemptSender.WAITING_FOR_BREAKER).subscribe().with(n -> { }, failure ->
                    LOG.warnf("putting off the jobs of webhook %s failed (the claim steps over them): %s", webhookId,
                            failure.getMessage()));
        } else if (closing) {
            jobsLeftToClaim();
        }
    }
}
