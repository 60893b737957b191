package io.callwire.notifier.repository;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of delivery jobs and attempts: version 7 UUIDs (RFC 9562), whose first 48 bits are the Unix time
 * in milliseconds. Rows written together get neighbouring keys, so the primary keys of {@code delivery}
 * and {@code delivery_attempt} (and the attempts' index on {@code delivery_id}) grow at their right
 * edge like a sequence, instead of every insert landing on a random leaf page of an index that grows
 * by thousands of rows a second (more pages touched, more full-page images in the WAL after each
 * checkpoint). 74 random bits per millisecond keep them unique across threads and replicas; they are
 * identifiers, not secrets (the time they carry is the row's {@code created_at}).
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {
    }

    /** A new version 7 UUID for now. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long unixMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (unixMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
