package io.callwire.notifier.service;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.event.EventCodec;
import io.callwire.notifier.DeliveryStatus;
import io.callwire.notifier.Webhook;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.client.WebhookSender;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository.Job;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.callwire.notifier.repository.WebhookRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes one attempt of a job and decides its outcome: delivered, retried (when and why), dead or
 * expired. The request uses the endpoint's current configuration (URL, method, credentials, headers),
 * with the message id and body of the job. Never fails: every failure becomes an outcome.
 */
@ApplicationScoped
public class AttemptSender {

    private static final Logger LOG = Logger.getLogger(AttemptSender.class);
    /** How soon a job goes back to the queue when no request could be made (endpoint queue full, database). */
    static final Duration REQUEUE = Duration.ofSeconds(1);
    /** The last error of a job that waits for its endpoint's circuit breaker. */
    public static final String WAITING_FOR_BREAKER = "not attempted yet: the endpoint kept failing (circuit breaker open)";

    private final EndpointIndex index;
    private final WebhookRepository webhooks;
    private final WebhookSender sender;
    private final TemplateRenderer renderer;
    private final EventCodec codec;
    private final NotifierConfig config;
    private final ObjectMapper mapper;

    public AttemptSender(EndpointIndex index, WebhookRepository webhooks, WebhookSender sender, TemplateRenderer renderer,
                         EventCodec codec, NotifierConfig config, ObjectMapper mapper) {
        this.index = index;
        this.webhooks = webhooks;
        this.sender = sender;
        this.renderer = renderer;
        this.codec = codec;
        this.config = config;
        this.mapper = mapper;
    }

    /** The outcome of an event past its expiry, or null when it has not expired. */
    public Outcome expiredOutcome(Job job) {
        Instant now = Instant.now();
        if (job.expiresAt() != null && now.isAfter(job.expiresAt())) {
            return outcome(job, DeliveryStatus.EXPIRED, false, null, null, "event expired before it could be sent", now);
        }
        return null;
    }

    /**
     * The outcome of a job not attempted because its endpoint's circuit breaker is open: it waits until
     * {@code until} (or its expiry, to be ended as expired then), uses up no attempt and has no receipt.
     */
    public Outcome deferredOutcome(Job job, Instant until) {
        Instant now = Instant.now();
        Instant next = job.expiresAt() != null && job.expiresAt().isBefore(until) ? job.expiresAt().plusMillis(1) : until;
        return new Outcome(job, DeliveryStatus.PENDING, false, job.attempts(), job.roundAttempts(), next, null, null, null,
                WAITING_FOR_BREAKER, now, null, true);
    }

    /**
     * Sends the job once and answers its outcome (a Vert.x future: this runs for every delivery, see
     * DeliveryRepository on why the delivery path avoids Mutiny).
     */
    public Future<Outcome> attempt(Job job) {
        Webhook[] known = new Webhook[1];
        return endpoint(job)
                .compose(webhook -> {
                    known[0] = webhook;
                    if (webhook == null || !webhook.isEnabled()) {
                        return Future.succeededFuture(outcome(job, DeliveryStatus.DEAD, false, null, null,
                                "endpoint " + (webhook == null ? "deleted" : "disabled"), Instant.now()));
                    }
                    String url = urlFor(webhook.spec(), job);
                    return sender.send(webhook, job.messageId(), url, job.body())
                            .map(result -> decide(webhook, job, result));
                })
                .recover(failure -> Future.succeededFuture(internalFailure(job, known[0], failure)));
    }

    /**
     * The endpoint from the index; if the index says it is gone or disabled, or has not seen it yet, the
     * database decides (this replica's index may be older than a recover or an enable made through another
     * replica).
     */
    private Future<Webhook> endpoint(Job job) {
        Webhook cached = index.cached(job.webhookId());
        if (cached != null && cached.isEnabled()) {
            return Future.succeededFuture(cached);
        }
        return UniHelper.toFuture(index.get(job.webhookId()).chain(webhook -> webhook != null && webhook.isEnabled()
                ? Uni.createFrom().item(webhook)
                : webhooks.findById(job.webhookId()).invoke(fresh -> {
                    if (fresh != null && fresh.isEnabled()) {
                        index.refreshSoon();
                    }
                })));
    }

    /**
     * The URL of this attempt from the endpoint's current template: the job's own URL for a fresh job
     * (rendered a moment ago), the template itself when it has no placeholders, else rendered again from
     * the event.
     */
    String urlFor(WebhookSpec spec, Job job) {
        boolean templated = spec.url().contains("{{")
                || (spec.method() == WebhookSpec.Method.GET && spec.payload().mode() == WebhookSpec.PayloadMode.VARIABLES);
        if (job.fresh()) {
            return job.url();
        }
        if (!templated) {
            return spec.url();
        }
        try {
            return renderer.renderUrl(spec, codec.decode(job.eventJson()), job.messageId());
        } catch (io.callwire.contract.event.InvalidEventException e) {
            throw new IllegalStateException("the stored event does not decode: " + e.getMessage(), e);
        }
    }

    private Outcome decide(Webhook webhook, Job job, WebhookSender.Result result) {
        Instant now = Instant.now();
        if (result.busy()) {
            // the endpoint's own connection queue was full: no request was made, nothing is counted
            return new Outcome(job, DeliveryStatus.PENDING, false, job.attempts(), job.roundAttempts(), now.plus(REQUEUE),
                    null, null, null, null, now, null, true);
        }
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
        return new Outcome(job, status, true, attempts, round, next, result.status(), result.latencyMs(),
                result.responseExcerpt(), error, now, receipt(job, status, attempts, result.status(), result.latencyMs(), now));
    }

    /**
     * A failure inside Callwire (the URL could not be rendered, a bug): recorded as an attempt with its
     * reason and retried on the endpoint's schedule, so it is visible and ends (dead) after
     * {@code maxAttempts} instead of coming back forever. Without the endpoint (the database is
     * unreachable) nothing is counted and the job is looked at again shortly.
     */
    private Outcome internalFailure(Job job, Webhook webhook, Throwable failure) {
        Instant now = Instant.now();
        String error = "internal error: " + (failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage());
        if (webhook == null) {
            LOG.warnf("delivery %s: %s (tried again shortly)", job.id(), error);
            return new Outcome(job, DeliveryStatus.PENDING, false, job.attempts(), job.roundAttempts(), now.plus(REQUEUE),
                    null, null, null, error, now, null, true);
        }
        LOG.warnf("delivery %s to webhook %s failed inside Callwire: %s", job.id(), job.webhookId(), error);
        int attempts = job.attempts() + 1;
        int round = job.roundAttempts() + 1;
        boolean last = round >= webhook.spec().retry().maxAttempts();
        DeliveryStatus status = last ? DeliveryStatus.DEAD : DeliveryStatus.PENDING;
        Instant next = last ? null : now.plus(RetryPolicy.nextDelay(webhook.spec().retry(), round, null,
                config.delivery().maxRetryAfter(), config.delivery().jitter()));
        return new Outcome(job, status, true, attempts, round, next, null, null, null, error, now,
                receipt(job, status, attempts, null, null, now), true);
    }

    /** An outcome without a request (expired, endpoint gone). */
    Outcome outcome(Job job, DeliveryStatus status, boolean attempted, Integer httpStatus, Long latency, String error,
                    Instant now) {
        Instant next = status == DeliveryStatus.PENDING ? now.plus(REQUEUE) : null;
        return new Outcome(job, status, attempted, job.attempts(), job.roundAttempts(), next, httpStatus, latency, null, error,
                now, receipt(job, status, job.attempts(), httpStatus, latency, now));
    }

    private String receipt(Job job, DeliveryStatus status, int attempts, Integer httpStatus, Long latency, Instant now) {
        return new Receipts(job.id(), job.messageId(), job.webhookId(), job.organizationId(), job.eventType(),
                Receipts.statusOf(status), attempts, httpStatus, latency, now).toJson(mapper);
    }
}
