package io.callwire.subscription.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.subscription.Subscription;

/**
 * The routing index hands an event to exactly the subscriptions of its key, whether the key holds
 * a few (kept in an array) or many (kept in a concurrent set), and forgets them when they end.
 */
class RoutingIndexTest {

    private final UUID organization = UUID.randomUUID();
    private final UUID queue = UUID.randomUUID();
    private final RecordingConnection connection = new RecordingConnection(null, null);

    @Test
    void aKeyGrowingPastTheSmallSizeAndShrinkingToNothingDeliversToExactlyItsSubscriptions() {
        RoutingIndex index = new RoutingIndex();
        List<ActiveSubscription> subscribed = new ArrayList<>();
        for (int i = 0; i < 3 * RoutingIndex.SMALL; i++) {
            ActiveSubscription subscription = queueStatus(queue);
            index.add(subscription);
            index.add(subscription); // twice: still one recipient
            subscribed.add(subscription);
            assertThat(recipients(index, queue)).containsExactlyInAnyOrderElementsOf(subscribed);
        }
        ActiveSubscription other = queueStatus(UUID.randomUUID());
        index.add(other);
        assertThat(index.size()).isEqualTo(subscribed.size() + 1);
        while (!subscribed.isEmpty()) {
            index.remove(subscribed.remove(subscribed.size() / 2));
            assertThat(recipients(index, queue)).containsExactlyInAnyOrderElementsOf(subscribed);
        }
        index.remove(queueStatus(queue)); // never added: nothing changes
        assertThat(recipients(index, queue)).isEmpty();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void aSmallKeyLosesOnlyTheSubscriptionThatEnded() {
        RoutingIndex index = new RoutingIndex();
        ActiveSubscription first = queueStatus(queue);
        ActiveSubscription second = queueStatus(queue);
        ActiveSubscription third = queueStatus(queue);
        index.add(first);
        index.add(second);
        index.add(third);
        index.remove(second);
        assertThat(recipients(index, queue)).containsExactly(first, third);
        index.remove(first);
        index.remove(third);
        assertThat(recipients(index, queue)).isEmpty();
        assertThat(index.size()).isZero();
    }

    private List<ActiveSubscription> recipients(RoutingIndex index, UUID entity) {
        List<ActiveSubscription> recipients = new ArrayList<>();
        index.forEachRecipient(organization, "QueueStatus", entity, recipients::add);
        return recipients;
    }

    private ActiveSubscription queueStatus(UUID entity) {
        return new ActiveSubscription(new Subscription(UUID.randomUUID(), false, organization, Subscription.ORGANIZATION,
                organization, "QueueStatus", "Queue", entity, false), connection);
    }
}
