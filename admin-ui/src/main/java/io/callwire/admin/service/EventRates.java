package io.callwire.admin.service;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Events per second per organization over the last {@value #WINDOW_SECONDS} seconds: one counter per
 * second in a ring, so counting is an array increment and memory is bounded per organization. Rings of
 * organizations silent for a whole ring are dropped once a second, and at most
 * {@value #MAX_ORGANIZATIONS} are kept: organization ids come from whatever is published on
 * {@code callwire.events}, so made-up ids must not grow the console's memory.
 */
@ApplicationScoped
public class EventRates {

    static final int WINDOW_SECONDS = 10;
    private static final int SLOTS = WINDOW_SECONDS + 2;

    static final int MAX_ORGANIZATIONS = 10_000;

    private final Map<UUID, Ring> rings = new ConcurrentHashMap<>();
    private final AtomicLong sweptAt = new AtomicLong();

    /** Counts one event of an organization, now. */
    public void count(UUID organizationId) {
        count(organizationId, System.currentTimeMillis() / 1000);
    }

    void count(UUID organizationId, long second) {
        long swept = sweptAt.get();
        if (second > swept && sweptAt.compareAndSet(swept, second)) {
            rings.values().removeIf(ring -> ring.latest() < second - SLOTS);
        }
        Ring ring = rings.get(organizationId);
        if (ring == null) {
            if (rings.size() >= MAX_ORGANIZATIONS) {
                return; // a flood of organizations: the dashboard's figure is not worth unbounded memory
            }
            ring = rings.computeIfAbsent(organizationId, id -> new Ring());
        }
        ring.add(second);
    }

    /** The organization's mean rate over the last whole seconds; 0 when it had no event. */
    public double perSecond(UUID organizationId) {
        return perSecond(organizationId, System.currentTimeMillis() / 1000);
    }

    double perSecond(UUID organizationId, long now) {
        Ring ring = rings.get(organizationId);
        return ring == null ? 0 : ring.sum(now) / (double) WINDOW_SECONDS;
    }

    /** How many organizations have a ring. */
    int organizations() {
        return rings.size();
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

        long latest() {
            long latest = 0;
            for (int slot = 0; slot < SLOTS; slot++) {
                latest = Math.max(latest, seconds.get(slot));
            }
            return latest;
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
