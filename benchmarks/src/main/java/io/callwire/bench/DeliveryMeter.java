package io.callwire.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts deliveries and their end-to-end latency (publish time carried in the event → the client's
 * frame handler, same JVM clock) for the events published inside a measurement window only, so a
 * backlog from the warm-up or the previous step never counts.
 */
final class DeliveryMeter {

    private volatile LatencyHistogram histogram = new LatencyHistogram();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    final LongAdder frames = new LongAdder();

    /** Called from the clients' event loops with the publish time found in a frame. */
    void delivered(long sentAtNanos) {
        frames.increment();
        long now = System.nanoTime();
        if (sentAtNanos >= windowStart && sentAtNanos <= windowEnd) {
            histogram.recordNanos(now - sentAtNanos);
        }
    }

    /** Counts events published from now on. */
    void open() {
        histogram = new LatencyHistogram();
        windowEnd = Long.MAX_VALUE;
        windowStart = System.nanoTime();
    }

    /** Stops counting events published from now on; deliveries of earlier ones still count. */
    void closeWindow() {
        windowEnd = System.nanoTime();
    }

    /** The histogram of the window; stop counting altogether. */
    LatencyHistogram take() {
        LatencyHistogram taken = histogram;
        windowStart = Long.MAX_VALUE;
        histogram = new LatencyHistogram();
        return taken;
    }
}
