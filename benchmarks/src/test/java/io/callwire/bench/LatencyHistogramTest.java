package io.callwire.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesOfUniformLatenciesAreWithinTwoPercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.recordNanos(ms * 1_000_000L);
        }
        assertThat(histogram.count()).isEqualTo(1000);
        assertThat(histogram.percentileMillis(0.50)).isCloseTo(500, within(10.0));
        assertThat(histogram.percentileMillis(0.99)).isCloseTo(990, within(20.0));
        assertThat(histogram.percentileMillis(0.999)).isCloseTo(999, within(20.0));
        assertThat(histogram.maxMillis()).isEqualTo(1000);
    }

    @Test
    void agreesWithSortingOnRandomLatencies() {
        Random random = new Random(7);
        long[] micros = new long[100_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < micros.length; i++) {
            micros[i] = (long) Math.exp(random.nextDouble() * 14); // 1 µs .. 1.2 s, log-uniform
            histogram.recordMicros(micros[i]);
        }
        Arrays.sort(micros);
        for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
            double exact = micros[(int) Math.ceil(q * micros.length) - 1] / 1000.0;
            assertThat(histogram.percentileMillis(q)).as("p%s", q * 100).isCloseTo(exact, within(exact * 0.02 + 0.001));
        }
    }

    @Test
    void smallValuesAreExactAndNeverAboveTheMaximum() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordMicros(3);
        histogram.recordMicros(100);
        assertThat(histogram.percentileMillis(0.5)).isEqualTo(0.003);
        assertThat(histogram.percentileMillis(1.0)).isEqualTo(0.1);
    }

    @Test
    void emptyHistogramAndNegativeValues() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.percentileMillis(0.99)).isZero();
        histogram.recordNanos(-5);
        assertThat(histogram.count()).isEqualTo(1);
        assertThat(histogram.percentileMillis(0.99)).isZero();
    }

    @Test
    void bucketBoundsAreMonotonicAndContainTheirValues() {
        long previous = -1;
        for (long value : new long[] {0, 1, 127, 128, 129, 255, 256, 1000, 65_535, 1_000_000, 123_456_789}) {
            int index = LatencyHistogram.index(value);
            assertThat(LatencyHistogram.upperBound(index)).isGreaterThanOrEqualTo(value);
            assertThat(index).isGreaterThanOrEqualTo((int) Math.max(0, previous));
            previous = index;
        }
    }

    @Test
    void addMergesCountsAndMaximum() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.recordMicros(1_000);
        b.recordMicros(9_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.maxMillis()).isEqualTo(9.0);
    }
}
