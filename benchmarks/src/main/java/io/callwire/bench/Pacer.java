package io.callwire.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Sends at a fixed rate from the calling thread: parks until the next send is due (a spinning
 * publisher would take one of two cores from what it measures) and catches up when it is late.
 */
final class Pacer {

    private Pacer() {
    }

    /** Calls {@code send} {@code perSecond} times a second for {@code nanos}; returns how many were sent. */
    static long run(double perSecond, long nanos, Runnable send) {
        long start = System.nanoTime();
        long end = start + nanos;
        double period = 1e9 / perSecond;
        long sent = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return sent;
            }
            long due = start + (long) (sent * period);
            if (due > now) {
                LockSupport.parkNanos(Math.min(due, end) - now);
                continue;
            }
            send.run();
            sent++;
        }
    }
}
