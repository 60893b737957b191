package io.callwire.notifier.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.client.WebhookSender;

/** Decides, from an endpoint's retry policy, whether and when a failed attempt is tried again. */
public final class RetryPolicy {

    private RetryPolicy() {
    }

    /** Whether the failure is one the endpoint wants retried. */
    public static boolean retryable(WebhookSpec.Retry retry, WebhookSender.Result result) {
        List<String> on = retry.retryOn();
        if (result.refused()) {
            // the host now resolves to an address the guard refuses: retrying would keep knocking on
            // an internal address; the message is dead and can be resent once the DNS is fixed
            return false;
        }
        if (result.status() == null) {
            return on.contains(result.timeout() ? "TIMEOUT" : "CONNECT_ERROR");
        }
        int status = result.status();
        return on.contains(Integer.toString(status)) || (status >= 500 && status < 600 && on.contains("5XX"))
                || (status >= 400 && status < 500 && on.contains("4XX"));
    }

    /**
     * The delay before the next attempt after {@code failedInRound} failures: the endpoint's
     * {@code Retry-After} when it sent one, otherwise the schedule with jitter.
     */
    public static Duration nextDelay(WebhookSpec.Retry retry, int failedInRound, String retryAfter, Duration maxRetryAfter,
                                     double jitter) {
        Duration asked = parseRetryAfter(retryAfter);
        if (asked != null) {
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        List<Double> schedule = retry.scheduleSeconds();
        double seconds = schedule.get(Math.min(failedInRound, schedule.size() - 1));
        if (seconds > 0 && jitter > 0) {
            seconds = seconds * (1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }
}
