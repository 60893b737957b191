package io.callwire.notifier.client;

/**
 * The time one attempt has used and has left of its endpoint's {@code timeoutMs}. The clock runs while the
 * attempt resolves, signs and exchanges; it stops while a request of the attempt waits for its connection:
 * in the endpoint's own pool behind other requests of the same endpoint, or while a new one connects
 * (bounded by the endpoint's connect timeout, and a failed connect is an attempt that failed). Under load a
 * request may wait there longer than the timeout through no fault of the receiver: counted against its
 * timeout, it was failed, its connection closed and the delivery retried (more work exactly when the
 * replica is saturated). The wait itself is bounded apart ({@link WebhookSender#poolWaitMs}).
 *
 * <p>The exchanges of one attempt run one after the other (token, request, request again after a 401),
 * so one writer at a time.
 */
final class AttemptClock {

    private final long started = System.nanoTime();
    private final long timeoutNanos;
    private volatile long waitedNanos;

    AttemptClock(long timeoutMs) {
        this.timeoutNanos = timeoutMs * 1_000_000L;
    }

    /** A request of the attempt waited this long for a pooled connection: not counted. */
    void waited(long nanos) {
        waitedNanos += Math.max(0, nanos);
    }

    /** Milliseconds left of the timeout (at least 1: a timer of 0 would never fire on some clients). */
    long remainingMs() {
        return Math.max(1, (timeoutNanos - usedNanos()) / 1_000_000);
    }

    /** Milliseconds the attempt has used, without its waits for a connection (its latency as recorded). */
    long usedMs() {
        return usedNanos() / 1_000_000;
    }

    private long usedNanos() {
        return System.nanoTime() - started - waitedNanos;
    }
}
