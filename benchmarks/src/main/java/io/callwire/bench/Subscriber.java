package io.callwire.bench;

import java.util.UUID;

/**
 * One simulated client of the fan-out scenario: a user subscribed to its own User entity, to one
 * queue (ten users per queue) and to the queue every user watches (the broadcast row).
 */
record Subscriber(UUID organization, UUID user, UUID queue, UUID broadcastQueue) {
}
