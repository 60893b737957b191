package io.callwire.admin.listener;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.admin.service.EventRates;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AmqpFuzz;
import io.callwire.testing.AmqpTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The dashboard's events per second must come back after every broker restart, however many. The connector's
 * defaults re-attach an incoming channel's receiver at most six times in the life of the process and reconnect
 * 10 s apart: the seventh restart left subscription-service deaf (fault-suite), and the console had the same
 * defaults.
 */
@QuarkusTest
class BrokerRestartsTest {

    private static final int RESTARTS = 7;
    /** Well past the configured reconnection interval, well short of the connector's default one (10 s) times two. */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(15);

    @Inject
    EventRates rates;

    @Test
    void eventsAreCountedAgainAfterEachOfManyBrokerRestarts() {
        for (int restart = 1; restart <= RESTARTS; restart++) {
            AmqpBrokerResource.restart();
            UUID organization = UUID.randomUUID();
            // the connection comes back on its own schedule: one more event each second until one is counted
            await().alias("events counted within " + BACK_WITHIN + " after broker restart " + restart + " of " + RESTARTS)
                    .atMost(BACK_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        publish(organization);
                        return rates.perSecond(organization) > 0;
                    });
        }
    }

    private static void publish(UUID organization) {
        ObjectNode event = EventCatalog.standard().find("QueueStatus").orElseThrow().example().deepCopy();
        event.put("RootEntityId", organization.toString()).put("EntityId", UUID.randomUUID().toString())
                .put("Id", UUID.randomUUID().toString()).put("Timestamp", Instant.now().toString());
        try (AmqpTestClient amqp = AmqpTestClient.connect()) {
            amqp.send(Addresses.EVENTS, event.toString(), AmqpFuzz.properties(event));
        } catch (RuntimeException brokerNotBackYet) {
            // the broker may still be starting: the next second's attempt will do
        }
    }
}
