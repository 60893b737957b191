package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.PackagedService;
import io.callwire.testing.PostgresResource;

/**
 * Recording falls behind: outcomes waiting to be written count against the replica's capacity
 * ({@code delivery.max-in-flight} = requests in flight + outcomes not yet written), so a database that
 * does not take outcomes stops the replica from sending more, instead of a queue of outcomes growing in
 * memory; nothing is lost, and once the database takes outcomes again every message is delivered and
 * recorded once.
 * <p>
 * "Falls behind" is made exact: the test holds an {@code EXCLUSIVE} lock on {@code delivery_attempt}
 * (which only the outcome statement writes here), so outcome statements wait while events are still
 * taken from the broker, jobs written and claims made. The packaged replica has {@code max-in-flight}
 * of {@value #MAX_IN_FLIGHT}.
 * <p>
 * Checked against the code without the bound (outcomes not yet written left out of the capacity, in the
 * claim loop and in the hand-off of fresh jobs; reverted locally, never committed): the receiver got
 * all {@value #EVENTS} requests while not one outcome could be written.
 */
class RecordingBackPressureIT {

    static final String DATABASE = "recording_back_pressure";
    static final int MAX_IN_FLIGHT = 20;
    static final int EVENTS = 200;
    static final Duration POLL = Duration.ofMillis(100);

    static PackagedService notifier;

    @BeforeAll
    static void start() {
        PostgresResource.createDatabase(DATABASE);
        notifier = NotifierKillIT.notifier("recording-back-pressure").properties(PackagedService.infrastructure(DATABASE))
                .property("callwire.notifier.delivery.max-in-flight", String.valueOf(MAX_IN_FLIGHT))
                .property("callwire.notifier.delivery.poll-interval", POLL.toMillis() + "ms").build();
        notifier.startAndAwaitReady();
        LateOutcomeIT.warmUp(notifier);
    }

    @AfterAll
    static void stop() {
        if (notifier != null) {
            notifier.kill();
        }
    }

    @Test
    void whileOutcomesCannotBeWrittenNoMoreThanMaxInFlightAreSentAndNoneIsLost() throws Exception {
        try (Receiver receiver = new Receiver(); AmqpTestClient amqp = AmqpTestClient.connect();
             Connection db = DriverManager.getConnection(jdbcUrl(), PostgresResource.USERNAME, PostgresResource.PASSWORD)) {
            UUID org = UUID.randomUUID();
            // a pool large enough that max-in-flight, not the endpoint's own share, is the bound
            NotifierKillIT.createWebhook(notifier.port(), org, """
                    {"name": "back pressure", "url": "%s/hook", "events": ["QueueStatus"], "maxConnections": 20}
                    """.formatted(receiver.url()));

            db.setAutoCommit(false);
            try (Statement lock = db.createStatement()) {
                lock.execute("LOCK TABLE delivery_attempt IN EXCLUSIVE MODE");
            }
            Set<String> published = new HashSet<>();
            for (int i = 0; i < EVENTS; i++) {
                var event = Events.of("QueueStatus", org, UUID.randomUUID());
                Events.publish(amqp, event);
                published.add(event.get("Id").asText());
            }

            // every event is taken and its job written; the receiver got what the bound allows, all answered 200
            await().atMost(Duration.ofSeconds(60)).pollInterval(POLL)
                    .until(() -> jobs(org) == EVENTS && receiver.requests().size() >= MAX_IN_FLIGHT);
            // from here on the claim loop runs at least every poll interval; twenty of them send nothing more
            await().during(POLL.multipliedBy(20)).atMost(POLL.multipliedBy(40)).pollInterval(POLL.dividedBy(2))
                    .untilAsserted(() -> assertThat(receiver.requests().size()).as("requests sent while no outcome can be written")
                            .isEqualTo(MAX_IN_FLIGHT));
            assertThat(count("SELECT count(*) FROM delivery WHERE organization_id = '" + org + "' AND status = 'PENDING'"))
                    .as("no outcome written while the attempts table is locked").isEqualTo(EVENTS);

            db.rollback(); // the database takes outcomes again

            await().atMost(Duration.ofSeconds(60)).pollInterval(POLL).until(() -> delivered(org) == EVENTS);
            Set<String> received = receiver.requests().stream().map(r -> NotifierKillIT.json(r.body()).get("Id").asText())
                    .collect(Collectors.toSet());
            assertThat(received).as("every event delivered").isEqualTo(published);
            assertThat(receiver.requests()).as("each once: no outcome was lost and sent again").hasSize(EVENTS);
            assertThat(count("SELECT count(*) FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id"
                    + " WHERE d.organization_id = '" + org + "' AND a.http_status = 200"))
                    .as("one attempt recorded per delivery").isEqualTo(EVENTS);
        }
    }

    static long jobs(UUID org) throws Exception {
        return count("SELECT count(*) FROM delivery WHERE organization_id = '" + org + "'");
    }

    static long delivered(UUID org) throws Exception {
        return count("SELECT count(*) FROM delivery WHERE organization_id = '" + org + "' AND status = 'DELIVERED'");
    }

    static long count(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl(), PostgresResource.USERNAME, PostgresResource.PASSWORD);
             Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + PostgresResource.server().getPort() + "/" + DATABASE;
    }
}
