package io.callwire.subscription.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventEnvelope;

class SnapshotStoreTest {

    private final UUID organization = UUID.randomUUID();

    @Test
    void expiredStateIsDroppedAsNewStateArrivesInsteadOfFillingTheStoreToItsBound() {
        SnapshotStore store = new SnapshotStore(RoutingServiceTest.hubConfig()); // bound: 100 entries
        Instant longAgo = Instant.now().minusSeconds(120);
        for (int i = 0; i < 50; i++) {
            store.record(queueStatus(UUID.randomUUID(), longAgo, 60), "QueueStatus"); // expired a minute ago
        }
        UUID live = UUID.randomUUID();
        store.record(queueStatus(live, Instant.now(), 60), "QueueStatus");

        assertThat(store.size()).as("entries kept after one live update").isEqualTo(1);
        assertThat(store.latest(organization, "QueueStatus", live)).isPresent();
    }

    @Test
    void stateWithoutExpiryIsKeptUpToTheBoundLeastRecentlyUpdatedFirstOut() {
        SnapshotStore store = new SnapshotStore(RoutingServiceTest.hubConfig());
        UUID first = UUID.randomUUID();
        store.record(queueStatus(first, Instant.now(), -1), "QueueStatus");
        for (int i = 0; i < 100; i++) {
            store.record(queueStatus(UUID.randomUUID(), Instant.now(), -1), "QueueStatus");
        }

        assertThat(store.size()).isEqualTo(100);
        assertThat(store.latest(organization, "QueueStatus", first)).isEmpty();
    }

    private EventEnvelope queueStatus(UUID queue, Instant at, long ttlSeconds) {
        return new EventEnvelope(EventEnvelope.ORGANIZATION, organization, "QueueStatus", EntityType.QUEUE, queue,
                UUID.randomUUID(), at, ttlSeconds, EventEnvelope.newFields());
    }
}
