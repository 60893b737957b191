package io.callwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

/** The token scenario's warm-up measures once the rate is steady, however long the JIT takes. */
class HttpLoadWarmUpTest {

    @Test
    void aRateStillClimbingKeepsTheWarmUpGoingUntilItLevelsOff() throws InterruptedException {
        // answers per millisecond climb from 0 to 1,000 over 2 s (the JIT compiling), then stay
        long start = System.nanoTime();
        LongSupplier answered = () -> {
            double t = (System.nanoTime() - start) / 1e6;
            return t < 2_000 ? (long) (t * t / 4) : 1_000_000 + (long) (1_000 * (t - 2_000));
        };

        long took = HttpLoad.warmUp(answered, 0, 250, 10_000);

        // past the climb, and well short of the 10 s limit (slack for a loaded machine's late wake-ups)
        assertThat(took).isBetween(2_000L, 6_000L);
    }

    @Test
    void aRateThatNeverSettlesIsMeasuredAfterTheLongestWarmUp() throws InterruptedException {
        long start = System.nanoTime();
        LongSupplier answered = () -> (long) (1_000 * Math.exp((System.nanoTime() - start) / 1e6 / 200));

        long took = HttpLoad.warmUp(answered, 0, 100, 1_000);

        assertThat(took).isBetween(1_000L, 3_000L);
    }

    @Test
    void theLeastWarmUpIsAlwaysTaken() throws InterruptedException {
        LongSupplier steady = new LongSupplier() {
            private final long start = System.nanoTime();

            @Override
            public long getAsLong() {
                return (System.nanoTime() - start) / 1_000;
            }
        };

        long took = HttpLoad.warmUp(steady, 600, 100, 10_000);

        assertThat(took).isBetween(600L, 3_000L);
    }
}
