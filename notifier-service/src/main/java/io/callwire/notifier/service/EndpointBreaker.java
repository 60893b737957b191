package io.callwire.notifier.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.callwire.notifier.DeliveryStatus;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per-endpoint circuit breakers of this replica (in memory; each replica opens and probes on its own).
 *
 * <p>Closed: attempts flow. After {@code breaker.failures} failed attempts in a row (failures that say
 * something about the endpoint: 5xx, 408, 429, timeout, connection error) the breaker opens: the
 * endpoint's jobs are not attempted and wait in the database, using up no attempt. After
 * {@code breaker.open-for} it is half-open: exactly one probe is let through. An answer closes it; a
 * failure opens it again for twice as long, up to {@code breaker.max-open-for}. Only endpoints that
 * failed recently have an entry: a healthy endpoint costs one map lookup per attempt.
 */
@ApplicationScoped
public class EndpointBreaker {

    private static final Logger LOG = Logger.getLogger(EndpointBreaker.class);

    /** What an outcome says about the endpoint. */
    public enum Verdict {
        /** The endpoint answered (2xx, or a 4xx that is about the request, not the endpoint's state). */
        ANSWERED,
        /** The endpoint is failing: 5xx, 408, 429, a timeout or a connection error. */
        FAILED,
        /** Nothing: no request was made, or it failed inside Callwire, or the endpoint is gone (410). */
        NOTHING
    }

    enum State { CLOSED, OPEN, HALF_OPEN }

    /** One endpoint's breaker; guarded by its own monitor. */
    private static final class Circuit {
        State state = State.CLOSED;
        int failures;
        Duration openFor;
        Instant openUntil;
        boolean probing;
    }

    private final int threshold;
    private final Duration firstOpenFor;
    private final Duration maxOpenFor;
    private final Clock clock;
    private final Map<UUID, Circuit> circuits = new ConcurrentHashMap<>();
    private final AtomicInteger notClosed = new AtomicInteger();
    private final Counter opened;
    private final Counter halfOpened;
    private final Counter closed;

    @Inject
    public EndpointBreaker(NotifierConfig config, MeterRegistry metrics) {
        this(config.delivery().breaker(), Clock.systemUTC(), metrics);
    }

    EndpointBreaker(NotifierConfig.Breaker config, Clock clock, MeterRegistry metrics) {
        this.threshold = config.failures();
        this.firstOpenFor = config.openFor();
        this.maxOpenFor = config.maxOpenFor().compareTo(firstOpenFor) < 0 ? firstOpenFor : config.maxOpenFor();
        this.clock = clock;
        Gauge.builder("callwire.notifier.breaker.open", notClosed, AtomicInteger::get)
                .description("Endpoints whose circuit breaker is open or half-open on this replica").register(metrics);
        this.opened = transitions(metrics, "open");
        this.halfOpened = transitions(metrics, "half_open");
        this.closed = transitions(metrics, "closed");
    }

    private static Counter transitions(MeterRegistry metrics, String to) {
        return Counter.builder("callwire.notifier.breaker.transitions").tag("to", to)
                .description("Circuit breaker transitions of endpoints on this replica").register(metrics);
    }

    /**
     * What an outcome says about its endpoint. Like {@link EndpointHealth}, Callwire's own failures and
     * outcomes without a request say nothing; unlike it, a 4xx other than 408 and 429 is an answer (the
     * endpoint is up and rejects this request: waiting would not change that).
     */
    public static Verdict verdict(Outcome outcome) {
        if (!outcome.attempted() || outcome.internal()) {
            return Verdict.NOTHING;
        }
        if (outcome.status() == DeliveryStatus.DELIVERED) {
            return Verdict.ANSWERED;
        }
        Integer status = outcome.httpStatus();
        if (status == null) {
            return Verdict.FAILED; // timeout, connection refused or reset
        }
        if (status == 410) {
            return Verdict.NOTHING; // the endpoint is being disabled
        }
        if (status >= 500 || status == 408 || status == 429) {
            return Verdict.FAILED;
        }
        return Verdict.ANSWERED;
    }

    /** Whether the breaker is on ({@code breaker.failures} > 0). */
    public boolean enabled() {
        return threshold > 0;
    }

    /**
     * Takes the right to attempt one job of the endpoint now: always while closed; never while open; the
     * one probe once the open time is over (half-open). A caller that got {@code true} reports the
     * attempt's outcome with {@link #record}.
     */
    public boolean tryAcquire(UUID webhookId) {
        Circuit c = circuits.get(webhookId);
        if (c == null) {
            return true;
        }
        synchronized (c) {
            switch (c.state) {
                case CLOSED:
                    return true;
                case OPEN:
                    if (clock.instant().isBefore(c.openUntil)) {
                        return false;
                    }
                    c.state = State.HALF_OPEN;
                    c.probing = true;
                    halfOpened.increment();
                    LOG.infof("webhook %s: circuit breaker half-open, one probe is sent", webhookId);
                    return true;
                default:
                    if (c.probing) {
                        return false;
                    }
                    c.probing = true;
                    return true;
            }
        }
    }

    /**
     * Takes an attempt's outcome into account.
     *
     * @return the end of the open time when this outcome opened the breaker (the endpoint's waiting jobs
     *         can be put off until then), else null
     */
    public Instant record(UUID webhookId, Verdict verdict) {
        if (threshold <= 0) {
            return null;
        }
        if (verdict == Verdict.ANSWERED) {
            Circuit c = circuits.get(webhookId);
            if (c != null) {
                synchronized (c) {
                    if (c.state != State.CLOSED) {
                        notClosed.decrementAndGet();
                        closed.increment();
                        LOG.infof("webhook %s: circuit breaker closed, the endpoint answers again", webhookId);
                    }
                    circuits.remove(webhookId, c);
                    c.state = State.CLOSED; // a thread still holding it sees a closed breaker
                    c.failures = 0;
                }
            }
            return null;
        }
        if (verdict == Verdict.NOTHING) {
            Circuit c = circuits.get(webhookId);
            if (c != null) {
                synchronized (c) {
                    c.probing = false; // the probe said nothing: the next job is the probe
                }
            }
            return null;
        }
        Circuit c = circuits.computeIfAbsent(webhookId, id -> new Circuit());
        synchronized (c) {
            switch (c.state) {
                case CLOSED:
                    if (++c.failures < threshold) {
                        return null;
                    }
                    notClosed.incrementAndGet();
                    return open(webhookId, c, firstOpenFor, c.failures + " failed attempts in a row");
                case HALF_OPEN:
                    Duration longer = c.openFor.multipliedBy(2);
                    return open(webhookId, c, longer.compareTo(maxOpenFor) > 0 ? maxOpenFor : longer, "the probe failed");
                default:
                    return null; // a request sent before it opened: the breaker is open already
            }
        }
    }

    private Instant open(UUID webhookId, Circuit c, Duration openFor, String why) {
        c.state = State.OPEN;
        c.probing = false;
        c.openFor = openFor;
        c.openUntil = clock.instant().plus(openFor);
        opened.increment();
        LOG.infof("webhook %s: circuit breaker open for %s (%s); its jobs wait", webhookId, openFor, why);
        return c.openUntil;
    }

    /**
     * Until when a job of the endpoint that may not be attempted now is put off: the end of the open time,
     * or while a probe is under way, one open time from now (the probe's answer decides sooner).
     */
    public Instant deferUntil(UUID webhookId) {
        Instant now = clock.instant();
        Circuit c = circuits.get(webhookId);
        if (c == null) {
            return now;
        }
        synchronized (c) {
            if (c.state == State.OPEN && c.openUntil.isAfter(now)) {
                return c.openUntil;
            }
            return c.openFor == null ? now : now.plus(c.openFor);
        }
    }

    /**
     * The endpoints whose jobs the claim must leave (open, or half-open with the probe under way), and
     * those with room for exactly one job: the probe.
     */
    public void held(Consumer<UUID> blocked, Consumer<UUID> probe) {
        if (notClosed.get() == 0) {
            return;
        }
        Instant now = clock.instant();
        circuits.forEach((id, c) -> {
            synchronized (c) {
                if (c.state == State.OPEN) {
                    (now.isBefore(c.openUntil) ? blocked : probe).accept(id);
                } else if (c.state == State.HALF_OPEN) {
                    (c.probing ? blocked : probe).accept(id);
                }
            }
        });
    }

    /** Endpoints whose breaker is open or half-open here. */
    public int open() {
        return notClosed.get();
    }

    State state(UUID webhookId) {
        Circuit c = circuits.get(webhookId);
        if (c == null) {
            return State.CLOSED;
        }
        synchronized (c) {
            return c.state;
        }
    }
}
