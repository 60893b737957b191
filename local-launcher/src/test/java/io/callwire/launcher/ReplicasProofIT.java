package io.callwire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.sun.net.httpserver.HttpServer;

import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.FreePorts;
import io.reactivex.rxjava3.core.Single;

/**
 * The scale-out proof on one machine: {@code ./run-local.sh --replicas 2} (two replicas of
 * subscription-service and of notifier-service, a standalone Apache Artemis broker, PostgreSQL),
 * used as a deployment's clients use it. A Microsoft SignalR Java client on each subscription
 * replica receives every event it subscribed to; the sessions list of either replica shows both
 * clients; with two notifier replicas each event reaches the webhook once; then one replica of each
 * service is SIGKILLed in the middle of a second batch and nothing is lost: the client on the
 * surviving replica gets every event, and the webhook every event at least once (a duplicate only
 * for what the killed replica had in flight).
 * <p>
 * Too slow for every {@code verify} (seven JVMs and a broker start on the shared machine), so it runs
 * on demand: {@code ./mvnw -B -pl local-launcher -am verify -Dcallwire.proof=true -Dit.test=ReplicasProofIT
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}. It prints one {@code PROOF} line with the
 * counts and writes it to {@code target/replicas-proof.txt}.
 */
@EnabledIfSystemProperty(named = "callwire.proof", matches = "true")
class ReplicasProofIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int BATCH = 200;

    @TempDir
    Path data;

    private Process run;
    private HttpServer receiver;

    @Test
    void twoReplicasOfEachServiceDeliverEverythingAndSurviveTheLossOfOne() throws Exception {
        Map<String, String> environment = environment();
        Path output = data.resolve("run-local.out");
        run = runLocal(environment, output);
        awaitOutput(output, "Callwire is running", Duration.ofSeconds(400));
        int auth = port(environment, "AUTH_SERVICE_PORT");
        int subscription1 = port(environment, "SUBSCRIPTION_SERVICE_PORT");
        int subscription2 = subscription1 + LauncherOptions.REPLICA_PORT_STEP;
        int notifier1 = port(environment, "NOTIFIER_SERVICE_PORT");
        assertThat(Files.readString(output)).contains("subscription-service-2", "http://localhost:" + subscription2,
                "notifier-service-2", "standalone Apache Artemis");

        // an org-admin of the demo organization, as a person signs in
        String access = post("http://localhost:" + auth + "/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=password&username=" + URLEncoder.encode("admin@demo.test", StandardCharsets.UTF_8) + "&password=demo",
                null).path("access_token").asText();
        UUID organization = UUID.fromString(claims(access).path("org").asText());
        String rte = get("http://localhost:" + auth + "/token/me/rte/", access).path("Token").asText();

        // a real HTTP receiver behind a webhook for every QueueStatus event
        Map<String, AtomicInteger> hooked = new ConcurrentHashMap<>();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/crm", exchange -> {
            JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
            hooked.computeIfAbsent(event.path("Id").asText(), id -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        receiver.start();
        post("http://localhost:" + notifier1 + "/api/v1/webhooks", "application/json", """
                {"name": "replicas proof", "url": "http://127.0.0.1:%d/crm", "events": ["QueueStatus"]}
                """.formatted(receiver.getAddress().getPort()), access);
        // Both notifier replicas learn of a new webhook at once (LISTEN/NOTIFY from the creating transaction;
        // the 5 s index refresh is only the fallback). What the user notices: events published right after
        // creating it reach it, whichever replica takes them (the two compete on one queue, so ten probes
        // reach both); one taken by a replica that did not know the webhook yet would never arrive.
        AmqpTestClient broker = AmqpTestClient.connect("127.0.0.1", port(environment, "CALLWIRE_AMQP_PORT"));
        List<String> probes = publish(broker, organization, 10);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> hooked.keySet().containsAll(probes));

        Map<String, Set<String>> received = new ConcurrentHashMap<>();
        HubConnection onFirst = subscribed("http://localhost:" + subscription1 + "/rte", rte, received, "first");
        HubConnection onSecond = subscribed("http://localhost:" + subscription2 + "/rte", rte, received, "second");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode sessions = get("http://localhost:" + subscription2 + "/api/v1/sessions?size=100", access);
            assertThat(sessions.path("items").findValuesAsText("replica"))
                    .as("the sessions list of either replica shows both").contains("subscription-service", "subscription-service-2");
        });

        List<String> first = publish(broker, organization, BATCH);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                received.getOrDefault("first", Set.of()).containsAll(first)
                        && received.getOrDefault("second", Set.of()).containsAll(first)
                        && hooked.keySet().containsAll(first));
        // no duplicate in normal operation, for two more seconds in which one could still arrive
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> first.stream().noneMatch(id -> hooked.get(id).get() > 1));
        long duplicatesBefore = 0;

        // SIGKILL one replica of each service half-way through the second batch
        List<String> pids = Files.readAllLines(data.resolve("run/pids"));
        List<String> second = new java.util.ArrayList<>(publish(broker, organization, BATCH / 2));
        ProcessHandle.of(pidOf(pids, "subscription-service-2")).orElseThrow().destroyForcibly();
        ProcessHandle.of(pidOf(pids, "notifier-service-2")).orElseThrow().destroyForcibly();
        second.addAll(publish(broker, organization, BATCH / 2));
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() ->
                received.getOrDefault("first", Set.of()).containsAll(second) && hooked.keySet().containsAll(second));
        Thread.sleep(2000); // duplicates are allowed here (what the killed replica had in flight): wait, then count them
        long duplicatesAfter = second.stream().filter(id -> hooked.get(id).get() > 1).count();
        assertThat(run.isAlive()).as("the run goes on with one replica of each").isTrue();

        String proof = ("PROOF %s: 2 subscription + 2 notifier replicas, standalone Artemis; batch 1: %d events, "
                + "SignalR client on replica 1 got %d, on replica 2 got %d, webhook got %d distinct with %d duplicates; "
                + "batch 2 (one replica of each SIGKILLed half-way): %d events, client on the surviving replica got %d, "
                + "webhook got %d distinct with %d duplicates").formatted(Instant.now(), first.size(),
                count(received.get("first"), first), count(received.get("second"), first), count(hooked.keySet(), first),
                duplicatesBefore, second.size(), count(received.get("first"), second), count(hooked.keySet(), second),
                duplicatesAfter);
        System.out.println(proof);
        Files.writeString(Path.of("target", "replicas-proof.txt"), proof + System.lineSeparator());
        broker.close();
        onFirst.stop().blockingAwait(10, TimeUnit.SECONDS);
        onSecond.close();
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (run != null && run.isAlive()) {
            run.destroy();
            run.waitFor(60, TimeUnit.SECONDS);
        }
        Path pids = data.resolve("run/pids");
        if (Files.exists(pids)) {
            for (String line : Files.readAllLines(pids)) {
                ProcessHandle.of(Long.parseLong(line.split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static long count(Set<String> got, List<String> expected) {
        return got == null ? 0 : expected.stream().filter(got::contains).count();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static HubConnection subscribed(String url, String token, Map<String, Set<String>> received, String name) {
        HubConnection connection = HubConnectionBuilder.create(url).withAccessTokenProvider(Single.just(token)).build();
        Set<String> ids = received.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet());
        connection.on("MessageReceived", message -> ids.add(String.valueOf(((Map) ((Map) message).get("data")).get("id"))),
                Map.class);
        connection.start().blockingAwait(15, TimeUnit.SECONDS);
        List<Map> results = connection.invoke(List.class, "Subscribe", List.of(Map.of("EventName", "QueueStatus")))
                .timeout(15, TimeUnit.SECONDS).blockingGet();
        assertThat(results.get(0)).containsEntry("subscribed", true);
        return connection;
    }

    private static List<String> publish(AmqpTestClient broker, UUID organization, int count) {
        List<String> ids = new java.util.ArrayList<>();
        for (int n = 0; n < count; n++) {
            UUID queue = UUID.randomUUID();
            String id = UUID.randomUUID().toString();
            String event = """
                    {"RootEntityType":"Organization","RootEntityId":"%s","EventType":"QueueStatus","EntityType":"Queue",\
                    "EntityId":"%s","Id":"%s","Timestamp":"%s","MessageTTLSeconds":-1,"QueueId":"%s","OrganizationId":"%s",\
                    "QueueName":"Proof","NbrOfProviders":1,"NbrOfRequesters":0,"NbrOfQueuingRequesters":%d,"MaxWaitTime":0,\
                    "OpenStatus":1}""".formatted(organization, queue, id, Instant.now(), queue, organization, n);
            broker.send(Addresses.EVENTS, event, Map.of(Addresses.PROPERTY_EVENT_TYPE, "QueueStatus",
                    Addresses.PROPERTY_ENTITY_TYPE, "Queue", Addresses.PROPERTY_ORGANIZATION_ID, organization.toString()));
            ids.add(id);
        }
        return ids;
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static JsonNode post(String url, String type, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private static JsonNode get(String url, String bearer) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("CALLWIRE_DATA_DIR", data.toString());
        String artemis = System.getProperty("callwire.artemis.home");
        if (artemis != null) {
            environment.put("CALLWIRE_ARTEMIS_HOME", artemis);
        }
        for (String name : List.of("CALLWIRE_PG_PORT", "CALLWIRE_AMQP_PORT", "AUTH_SERVICE_PORT",
                "SUBSCRIPTION_SERVICE_PORT", "NOTIFIER_SERVICE_PORT", "ADMIN_UI_PORT")) {
            environment.put(name, String.valueOf(FreePorts.next()));
        }
        return environment;
    }

    private static int port(Map<String, String> environment, String name) {
        return Integer.parseInt(environment.get(name));
    }

    private Process runLocal(Map<String, String> environment, Path output) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("run-local.sh").toString(),
                "--no-build", "--no-simulator", "--replicas", "2")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private void awaitOutput(Path output, String text, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!Files.readString(output).contains(text)) {
            assertThat(run.isAlive()).as("run-local ended early:%n%s", Files.readString(output)).isTrue();
            assertThat(Instant.now()).as("no '%s' after %s:%n%s", text, timeout, Files.readString(output)).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private static long pidOf(List<String> pidsLines, String name) {
        return pidsLines.stream().filter(line -> line.endsWith(" " + name)).mapToLong(line -> Long.parseLong(line.split(" ")[0]))
                .findFirst().orElseThrow();
    }
}
