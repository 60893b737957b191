package io.callwire.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.notifier.DeliveryStatus;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository.Job;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.callwire.notifier.service.EndpointBreaker.State;
import io.callwire.notifier.service.EndpointBreaker.Verdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The breaker's state machine, on a clock the test moves. */
class EndpointBreakerTest {

    /** A clock that moves only when the test says so. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static NotifierConfig.Breaker config(int failures, Duration openFor, Duration maxOpenFor) {
        return new NotifierConfig.Breaker() {
            @Override
            public int failures() {
                return failures;
            }

            @Override
            public Duration openFor() {
                return openFor;
            }

            @Override
            public Duration maxOpenFor() {
                return maxOpenFor;
            }
        };
    }

    private final TestClock clock = new TestClock();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final EndpointBreaker breaker = new EndpointBreaker(config(3, Duration.ofSeconds(1), Duration.ofSeconds(4)), clock,
            metrics);
    private final UUID endpoint = UUID.randomUUID();

    private Instant fail() {
        assertThat(breaker.tryAcquire(endpoint)).as("an attempt is allowed").isTrue();
        return breaker.record(endpoint, Verdict.FAILED);
    }

    private List<UUID> blocked() {
        List<UUID> blocked = new ArrayList<>();
        breaker.held(blocked::add, id -> { });
        return blocked;
    }

    private List<UUID> probes() {
        List<UUID> probes = new ArrayList<>();
        breaker.held(id -> { }, probes::add);
        return probes;
    }

    private double transitions(String to) {
        return metrics.get("callwire.notifier.breaker.transitions").tag("to", to).counter().count();
    }

    @Test
    void opensAfterTheConfiguredFailuresInARowAndHoldsTheEndpointsJobs() {
        assertThat(fail()).isNull();
        assertThat(fail()).isNull();
        Instant until = fail();
        assertThat(until).isEqualTo(clock.instant().plusSeconds(1));
        assertThat(breaker.state(endpoint)).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire(endpoint)).as("no attempt while open").isFalse();
        assertThat(breaker.deferUntil(endpoint)).isEqualTo(until);
        assertThat(blocked()).containsExactly(endpoint);
        assertThat(metrics.get("callwire.notifier.breaker.open").gauge().value()).isEqualTo(1.0);
        assertThat(transitions("open")).isEqualTo(1.0);
    }

    @Test
    void anAnswerBetweenFailuresStartsTheCountAgain() {
        fail();
        fail();
        breaker.record(endpoint, Verdict.ANSWERED);
        assertThat(fail()).isNull();
        assertThat(fail()).isNull();
        assertThat(breaker.state(endpoint)).isEqualTo(State.CLOSED);
        assertThat(fail()).isNotNull();
    }

    @Test
    void lettingExactlyOneProbeThroughOnceTheOpenTimeIsOver() {
        fail();
        fail();
        fail();
        clock.advance(Duration.ofMillis(999));
        assertThat(breaker.tryAcquire(endpoint)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(probes()).containsExactly(endpoint);
        assertThat(breaker.tryAcquire(endpoint)).as("the probe").isTrue();
        assertThat(breaker.state(endpoint)).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire(endpoint)).as("a second job while the probe is under way").isFalse();
        assertThat(blocked()).containsExactly(endpoint);
        assertThat(transitions("half_open")).isEqualTo(1.0);
    }

    @Test
    void aProbeThatAnswersClosesTheBreaker() {
        fail();
        fail();
        fail();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire(endpoint)).isTrue();
        assertThat(breaker.record(endpoint, Verdict.ANSWERED)).isNull();
        assertThat(breaker.state(endpoint)).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire(endpoint)).isTrue();
        assertThat(breaker.tryAcquire(endpoint)).as("every job flows again").isTrue();
        assertThat(blocked()).isEmpty();
        assertThat(metrics.get("callwire.notifier.breaker.open").gauge().value()).isZero();
        assertThat(transitions("closed")).isEqualTo(1.0);
    }

    @Test
    void aFailedProbeOpensItAgainForTwiceAsLongUpToTheMaximum() {
        fail();
        fail();
        fail();
        List<Duration> openTimes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            Instant start = clock.instant();
            assertThat(breaker.tryAcquire(endpoint)).isTrue();
            openTimes.add(Duration.between(start, breaker.record(endpoint, Verdict.FAILED)));
            assertThat(breaker.state(endpoint)).isEqualTo(State.OPEN);
        }
        assertThat(openTimes).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4),
                Duration.ofSeconds(4));
        assertThat(transitions("open")).isEqualTo(5.0);
    }

    @Test
    void aProbeWithoutAnAnswerLetsTheNextJobProbe() {
        fail();
        fail();
        fail();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire(endpoint)).isTrue();
        breaker.record(endpoint, Verdict.NOTHING); // e.g. the endpoint's connection queue was full
        assertThat(breaker.tryAcquire(endpoint)).isTrue();
        assertThat(breaker.state(endpoint)).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void onlyFailuresThatSaySomethingAboutTheEndpointCount() {
        assertThat(EndpointBreaker.verdict(outcome(DeliveryStatus.PENDING, true, 503, false))).isEqualTo(Verdict.FAILED);
        assertThat(EndpointBreaker.verdict(outcome(DeliveryStatus.PENDING, true, 429, false))).isEqualTo(Verdict.FAILED);
        assertThat(EndpointBreaker.verdict(outcome(DeliveryStatus.PENDING, true, 408, false))).isEqualTo(Verdict.FAILED);
        assertThat(EndpointBreaker.verdict(outcome(DeliveryStatus.PENDING, true, null, false)))
                .as("timeout or connection refused").isEqualTo(Verdict.FAILED);
        assertThat(EndpointBreaker.verdict(outcome(DeliveryStatus.DEAD, true, 400, false))).isEqualTo(Verdict.ANSWERED);
        assertThat(EndpointBreaker.verdict(outcome(DeliveryStatus.DELIVERED, true, 200, false))).isEqualTo(Verdict.ANSWERED);
        assertThat(EndpointBreaker.verdict(outcome(DeliveryStatus.DEAD, true, 410, false))).isEqualTo(Verdict.NOTHING);
        assertThat(EndpointBreaker.verdict(outcome(DeliveryStatus.PENDING, true, null, true)))
                .as("Callwire's own failure").isEqualTo(Verdict.NOTHING);
        assertThat(EndpointBreaker.verdict(outcome(DeliveryStatus.PENDING, false, null, true)))
                .as("no request made").isEqualTo(Verdict.NOTHING);
    }

    @Test
    void aBreakerWithNoThresholdNeverOpens() {
        EndpointBreaker off = new EndpointBreaker(config(0, Duration.ofSeconds(1), Duration.ofSeconds(4)), clock,
                new SimpleMeterRegistry());
        for (int i = 0; i < 100; i++) {
            assertThat(off.tryAcquire(endpoint)).isTrue();
            assertThat(off.record(endpoint, Verdict.FAILED)).isNull();
        }
        assertThat(off.open()).isZero();
    }

    private static Outcome outcome(DeliveryStatus status, boolean attempted, Integer httpStatus, boolean internal) {
        Job job = new Job(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                "QueueStatus", UUID.randomUUID(), null, "http://127.0.0.1/hook", "{}", null, 0, 0, UUID.randomUUID(), false, null);
        return new Outcome(job, status, attempted, 1, 1, null, httpStatus, 1L, null, null, Instant.now(), null, internal);
    }
}
