package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.security.Roles;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.PackagedService;
import io.callwire.testing.PostgresResource;
import io.callwire.testing.TestTokens;

/**
 * Two packaged replicas on one database, one job, and a lease that expires while the first replica's
 * request is still under way: the second replica claims the job again and delivers it, then the first
 * replica's answer arrives. Only the owner of the current lease records an outcome, so the late answer
 * must not overwrite the delivery the second replica recorded (delivery stays at least once: the
 * receiver got the message twice, with one message id).
 * <p>
 * The replicas are set up so that each can only play its part: A is the only consumer of the event queue
 * and has room for one request ({@code max-in-flight=1}), so once it sends the job it cannot claim it
 * again itself; B consumes another address and only claims. Leases last 2 s. B is started only once A's
 * request has reached the receiver: with both running from the start, B's claim could take the job first
 * whenever A's own claim query held A's one place as the event arrived (the job is then written without a
 * lease, for any replica to claim), or whenever A took longer than the lease to send it (a fresh process on
 * a loaded machine), and A's request was then not the first one or never sent. The receiver holds A's
 * request until the test releases it, so nothing here depends on timing: the webhook's own deadline (60 s)
 * only has to outlast B's start and claim.
 * <p>
 * Checked against the code with the owner check taken out of the outcome statement (the lease token
 * condition, reverted locally, never committed): the delivery B had delivered was read back PENDING
 * (A's late 500 had overwritten it, to be sent again).
 */
class LateOutcomeIT {

    static final String DATABASE = "late_outcome";

    static PackagedService a;
    static PackagedService b;
    /** A's delivery.shutdown-grace: the longest its worker waits on SIGTERM for its requests and outcomes. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    @BeforeAll
    static void replicas() throws Exception {
        PostgresResource.createDatabase(DATABASE);
        a = NotifierKillIT.notifier("late-outcome-a").properties(PackagedService.infrastructure(DATABASE))
                .property("callwire.notifier.version", "A")
                .property("callwire.notifier.delivery.lease", "2s")
                .property("callwire.notifier.delivery.max-in-flight", "1")
                // far apart, so that A ending its wait because its outcome was written is told from the grace
                // running out by the time it took, not by which of two equal 20 s timers fired first
                .property("callwire.notifier.delivery.shutdown-grace", SHUTDOWN_GRACE.toSeconds() + "s")
                .stopGrace(SHUTDOWN_GRACE.multipliedBy(2)).build();
        b = NotifierKillIT.notifier("late-outcome-b").properties(PackagedService.infrastructure(DATABASE))
                .property("callwire.notifier.version", "B")
                .property("callwire.notifier.delivery.lease", "2s")
                // B takes no events: the job is A's until its lease expires
                .property("callwire.notifier.events.address", "callwire.test.late-outcome-b")
                .property("callwire.notifier.events.durable", "false").build();
        a.startAndAwaitReady();
        warmUp(a);
    }

    /**
     * The first requests of a fresh process (token keys, classes, connections) can outlast its 5 s request
     * deadline on a loaded machine and be answered 503: made here until one is answered, not by a test.
     */
    static void warmUp(PackagedService replica) {
        UUID org = UUID.randomUUID();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String token = TestTokens.user(org, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
            return NotifierKillIT.HTTP.send(HttpRequest.newBuilder(URI.create(replica.url() + "/api/v1/webhooks"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        });
    }

    @AfterAll
    static void stop() {
        for (PackagedService replica : new PackagedService[] {a, b}) {
            if (replica != null) {
                replica.kill();
            }
        }
    }

    @Test
    void anOutcomeArrivingAfterTheLeaseWasClaimedByAnotherReplicaIsNotRecorded() throws Exception {
        CompletableFuture<Void> releaseA = new CompletableFuture<>();
        try (Receiver receiver = new Receiver(); AmqpTestClient amqp = AmqpTestClient.connect()) {
            // A's request is held and then fails with a retryable 500; B's is answered 200 at once
            receiver.byDefault(request -> "Callwire/A".equals(request.header("User-Agent"))
                    ? Answer.when(releaseA, 500) : Answer.of(200));
            UUID org = UUID.randomUUID();
            String webhook = json(call(a, "POST", "/api/v1/webhooks", org, """
                    {"name": "late outcome", "url": "%s/hook", "events": ["QueueStatus"], "timeoutMs": 60000}
                    """.formatted(receiver.url()), 201)).get("id").asText();

            Events.publish(amqp, Events.of("QueueStatus", org, UUID.randomUUID()));

            // A sends it (held by the receiver) and its lease expires; only then is there a B to claim the job
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !receiver.requests().isEmpty());
            b.startAndAwaitReady();
            warmUp(b);
            // B claims the job and delivers it
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> receiver.requests().size() >= 2);
            List<Receiver.Request> requests = receiver.requests();
            assertThat(requests.get(0).header("User-Agent")).isEqualTo("Callwire/A");
            assertThat(requests.get(1).header("User-Agent")).isEqualTo("Callwire/B");
            assertThat(requests.get(1).header("webhook-id")).isEqualTo(requests.get(0).header("webhook-id"));
            String delivery = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode items = json(call(b, "GET", "/api/v1/webhooks/" + webhook + "/deliveries?status=DELIVERED", org,
                        "", 200)).get("items");
                return items.isEmpty() ? null : items.get(0).get("id").asText();
            }, id -> id != null);

            // now A's answer arrives; A's SIGTERM ends it only once every outcome of A is written (or refused)
            releaseA.complete(null);
            long stopping = System.nanoTime();
            assertThat(a.stop()).as("A exited by itself, not killed").isNotEqualTo(137);
            assertThat(Duration.ofNanos(System.nanoTime() - stopping))
                    .as("A's worker stopped waiting because its outcome was written (or refused), not at its grace")
                    .isLessThan(SHUTDOWN_GRACE);

            JsonNode seen = json(call(b, "GET", "/api/v1/deliveries/" + delivery, org, "", 200));
            assertThat(seen.get("status").asText()).as("B's outcome stands").isEqualTo("DELIVERED");
            assertThat(seen.get("attempts")).as("only the lease owner's attempt is recorded").hasSize(1);
            assertThat(seen.get("attempts").get(0).get("httpStatus").asInt()).isEqualTo(200);
            assertThat(receiver.requests()).as("each replica sent the message once").hasSize(2);
        } finally {
            releaseA.complete(null);
        }
    }

    static String call(PackagedService replica, String method, String path, UUID org, String body, int expected)
            throws Exception {
        String token = TestTokens.user(org, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        HttpResponse<String> response = NotifierKillIT.HTTP.send(HttpRequest.newBuilder(URI.create(replica.url() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return response.body();
    }

    static JsonNode json(String text) {
        return NotifierKillIT.json(text);
    }
}
