package io.callwire.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies in microseconds in log-linear buckets (64 per power of two, so a percentile is within
 * 1.6 % of the true value), recorded lock-free from any thread. Fixed size whatever the count: the
 * load generator records millions of deliveries without allocating.
 */
public final class LatencyHistogram {

    private static final int SUB_BUCKETS = 64;
    private static final int SUB_BITS = 6;
    /** Enough buckets for 2^40 µs (12 days). */
    private static final int BUCKETS = SUB_BUCKETS * 36;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder total = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    /** Records one latency given in nanoseconds; negative values (clock skew) count as zero. */
    public void recordNanos(long nanos) {
        recordMicros(Math.max(0, nanos) / 1_000);
    }

    public void recordMicros(long micros) {
        long value = Math.max(0, micros);
        counts.incrementAndGet(index(value));
        total.increment();
        max.accumulate(value);
    }

    public long count() {
        return total.sum();
    }

    public double maxMillis() {
        return max.get() / 1000.0;
    }

    /**
     * The latency at or below which a fraction {@code quantile} (0..1) of the recorded values lie, in
     * milliseconds: the upper bound of the bucket that holds the value of rank ceil(q × n); 0 when empty.
     */
    public double percentileMillis(double quantile) {
        long n = count();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperBound(i), max.get()) / 1000.0;
            }
        }
        return max.get() / 1000.0;
    }

    /** Adds every value of another histogram to this one. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            long c = other.counts.get(i);
            if (c != 0) {
                counts.addAndGet(i, c);
            }
        }
        total.add(other.count());
        max.accumulate(other.max.get());
    }

    static int index(long value) {
        int magnitude = 63 - Long.numberOfLeadingZeros(value);
        if (magnitude < SUB_BITS + 1) {
            return (int) value; // exact below 128
        }
        int shift = magnitude - SUB_BITS;
        return Math.min(BUCKETS - 1, shift * SUB_BUCKETS + (int) (value >> shift));
    }

    static long upperBound(int index) {
        if (index < 2 * SUB_BUCKETS) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long sub = index - (long) shift * SUB_BUCKETS;
        return ((sub + 1) << shift) - 1;
    }
}
