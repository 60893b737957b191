package io.callwire.admin.service;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Events per second per organization over the last {@value #WINDOW_SECONDS} seconds: one counter per
 * second in a ring, so counting is an array increment and memory is bounded per organization.
 */
@ApplicationScoped
public class EventRates {

    static final int WINDOW_SECONDS = 10;
    private static final int SLOTS = WINDOW_SECONDS + 2;

    private final Map<UUID, Ring> rings = new ConcurrentHashMap<>();

    /** Counts one event of an organization, now. */
    public void count(UUID organizationId) {
        rings.computeIfAbsent(organizationId, id -> new Ring()).add(System.currentTimeMillis() / 1000);
    }

    /** The organization's mean rate over the last whole seconds; 0 when it had no event. */
    public double perSecond(UUID organizationId) {
        Ring ring = rings.get(organizationId);
        return ring == null ? 0 : ring.sum(System.currentTimeMillis() / 1000) / (double) WINDOW_SECONDS;
    }

    private static final class Ring {
        private final AtomicLongArray counts = new AtomicLongArray(SLOTS);
        private final AtomicLongArray seconds = new AtomicLongArray(SLOTS);

        void add(long second) {
            int slot = (int) (second % SLOTS);
            if (seconds.get(slot) != second) {
                // a new second in this slot: whoever wins the swap resets the count
                long previous = seconds.get(slot);
                if (seconds.compareAndSet(slot, previous, second)) {
                    counts.set(slot, 0);
                }
            }
            counts.incrementAndGet(slot);
        }

        long sum(long now) {
            long total = 0;
            for (long s = now - WINDOW_SECONDS; s < now; s++) {
                int slot = (int) (s % SLOTS);
                if (seconds.get(slot) == s) {
                    total += counts.get(slot);
                }
            }
            return total;
        }
    }
}
