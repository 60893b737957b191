package io.callwire.notifier.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void isAVersion7UuidCarryingItsMillisecond() {
        long now = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(now, now + 1_000);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsPostgreSqlComparesUuids() {
        // PostgreSQL orders uuid by its bytes, unsigned: the text form compares the same way
        UUID earlier = TimeOrderedIds.at(1_764_000_000_000L);
        UUID later = TimeOrderedIds.at(1_764_000_000_001L);
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void aMillionIdsAreAllDifferent() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(seen.add(TimeOrderedIds.next())).isTrue();
        }
    }
}
