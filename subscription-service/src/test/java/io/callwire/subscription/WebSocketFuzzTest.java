package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.subscription.support.RawSocketIoClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Both WebSocket protocols fuzzed with random and mutated messages from a fixed seed (printed; set
 * {@code -Dcallwire.fuzz.seed=N} to replay a run), plus huge frames, deep JSON, thousands of
 * subscriptions and floods. Each hostile connection must get the protocol's answer (a Completion
 * error, a SignalR Close, a Socket.IO {@code connect_error}) or be closed, never hang and never see a
 * stack trace; meanwhile two well-behaved clients, one per protocol, keep receiving every event.
 */
@QuarkusTest
class WebSocketFuzzTest {

    private static final long SEED = Long.getLong("callwire.fuzz.seed", 14_2026L);
    private static final Duration ANSWER = Duration.ofSeconds(5);
    private static final String RS = "\u001e";
    private static final List<String> TARGETS = List.of("Subscribe", "Unsubscribe", "UnsubscribeAll", "ActiveSubscriptions",
            "AvailableSubscriptions", "", "subscribe", "MessageReceived", "OnConnectedAsync", "Dispose");

    @TestHTTPResource("/")
    URI base;

    private final UUID organization = UUID.randomUUID();
    private final UUID agent = UUID.randomUUID();
    private final List<UUID> published = Collections.synchronizedList(new ArrayList<>());
    private RawHubClient hubBystander;
    private RawSocketIoClient streamBystander;
    private long streamUpdatesBefore;

    /** The well-behaved clients: a SignalR agent and an Axialys agent stream, each watching the agent's own events. */
    @BeforeEach
    void bystanders() {
        hubBystander = RawHubClient.connected(base, TestTokens.rte(organization, agent, Roles.AGENT).sign());
        JsonNode subscribed = hubBystander.invoke("Subscribe", (Object) List.of(Map.of("EntityId", agent.toString(), "EventName", "UserStatus")));
        assertThat(subscribed.path("result").path(0).path("subscribed").asBoolean()).as(subscribed.toString()).isTrue();
        streamBystander = RawSocketIoClient.open(base);
        assertThat(streamBystander.init("agent", agent.toString(), TestTokens.rte(organization, agent, Roles.AGENT).sign()))
                .startsWith("431[{\"status\":\"ok\"");
        streamUpdatesBefore = streamBystander.updates();
    }

    /** One event for both bystanders while the fuzzing goes on. */
    private void publishForBystanders() {
        Events.Event event = Events.userStatus(organization, agent, published.size() % 2 == 0);
        published.add(event.id());
        Events.publish(event);
    }

    @AfterEach
    void everyoneElseWasServedThroughout() {
        publishForBystanders();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String received = String.join("\n", hubBystander.received());
            assertThat(published).allSatisfy(id -> assertThat(received).contains(id.toString()));
            // the Axialys mapping of UserStatus is one update per event
            assertThat(streamBystander.updates() - streamUpdatesBefore).isGreaterThanOrEqualTo(published.size());
        });
        assertThat(hubBystander.closed()).isNotDone();
        assertThat(streamBystander.closed()).isNotDone();
        given().get("/q/health/ready").then().statusCode(200);
        hubBystander.close();
        streamBystander.close();
    }

    // ---------------------------------------------------------------- SignalR at /rte

    @Test
    void randomAndMutatedSignalRRecords() {
        Random random = new Random(SEED);
        System.out.println("WebSocketFuzzTest SignalR seed " + SEED + " (replay with -Dcallwire.fuzz.seed=" + SEED + ")");
        int connections = 60;
        int records = 0;
        int answeredAndAlive = 0;
        int closed = 0;
        for (int c = 0; c < connections; c++) {
            try (FuzzSocket socket = FuzzSocket.open(base.resolve("/rte"), rteHeaders())) {
                boolean handshake = random.nextInt(10) > 0;
                if (handshake) {
                    socket.send("{\"protocol\":\"json\",\"version\":1}" + RS);
                } else {
                    records++;
                    socket.send(SignalRFuzz.record(random) + RS);
                }
                int count = 1 + random.nextInt(12);
                // a third of the connections send only well-formed invocations with wrong targets and arguments
                boolean wellFormed = handshake && random.nextInt(3) == 0;
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < count && !socket.isClosed(); i++) {
                    String frame = wellFormed ? SignalRFuzz.wellFormed(random) + RS : SignalRFuzz.frame(random);
                    sent.add(frame);
                    socket.send(frame);
                    records++;
                }
                // the probe: a well-formed call, answered if the connection survived what came before
                socket.send("{\"type\":1,\"invocationId\":\"probe\",\"target\":\"ActiveSubscriptions\",\"arguments\":[]}" + RS);
                String outcome = socket.awaitProbeOrClose("\"invocationId\":\"probe\"", ANSWER);
                assertThat(outcome).as("connection %d (sent %s) neither answered nor closed; received %s", c, sent, socket.frames())
                        .isNotNull();
                if (outcome.equals(FuzzSocket.CLOSED)) {
                    closed++;
                } else {
                    answeredAndAlive++;
                }
                noInternalsIn(socket.frames());
            }
            publishForBystanders();
        }
        System.out.printf("WebSocketFuzzTest SignalR: %d connections, %d fuzzed records; %d answered the probe, %d closed%n",
                connections, records, answeredAndAlive, closed);
        assertThat(closed).as("malformed records close their connection").isPositive();
        assertThat(answeredAndAlive).as("merely wrong calls are answered and the connection kept").isPositive();
    }

    @Test
    void hugeFramesAndDeepJsonCloseOnlyTheirOwnConnection() throws Exception {
        // beyond the WebSocket frame limit (32 KiB in tests): closed by the WebSocket layer
        try (FuzzSocket socket = FuzzSocket.open(base.resolve("/rte"), rteHeaders())) {
            socket.send("{\"protocol\":\"json\",\"version\":1}" + RS);
            socket.send("{\"type\":1,\"target\":\"" + "x".repeat(200_000) + "\"}" + RS);
            assertThat(socket.awaitProbeOrClose("never", Duration.ofSeconds(10))).isEqualTo(FuzzSocket.CLOSED);
        }
        // 8,000 levels of nesting in a record under the size limit
        for (String deep : List.of("[".repeat(8_000), "{\"a\":".repeat(2_500), "[".repeat(8_000) + "]".repeat(8_000))) {
            try (FuzzSocket socket = FuzzSocket.open(base.resolve("/rte"), rteHeaders())) {
                socket.send("{\"protocol\":\"json\",\"version\":1}" + RS);
                socket.send("{\"type\":1,\"invocationId\":\"d\",\"target\":\"Subscribe\",\"arguments\":[" + deep + "]}" + RS);
                socket.send("{\"type\":1,\"invocationId\":\"probe\",\"target\":\"ActiveSubscriptions\",\"arguments\":[]}" + RS);
                String outcome = socket.awaitProbeOrClose("\"invocationId\":\"probe\"", ANSWER);
                assertThat(outcome).as("deep JSON of %d chars: %s", deep.length(), socket.frames()).isNotNull();
                noInternalsIn(socket.frames());
            }
            publishForBystanders();
        }
        // as the handshake itself
        try (FuzzSocket socket = FuzzSocket.open(base.resolve("/rte"), rteHeaders())) {
            socket.send("{\"protocol\":" + "[".repeat(8_000) + RS);
            assertThat(socket.awaitProbeOrClose("never", ANSWER)).isEqualTo(FuzzSocket.CLOSED);
        }
    }

    @Test
    void thousandsOfSubscriptionsInOneConnectionAreCappedWithAnAnswer() {
        UUID admin = UUID.randomUUID();
        try (RawHubClient client = RawHubClient.connected(base, TestTokens.rte(organization, admin, Roles.ORG_ADMIN).sign())) {
            // 60 real queues (beyond the cap of 50) and thousands of ids nobody registered
            List<UUID> queues = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                queues.add(io.callwire.subscription.support.Api.entity(organization, "Queue"));
            }
            int asked = 0;
            int refused = 0;
            for (int call = 0; call < 25; call++) {
                List<Map<String, String>> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    UUID entity = call == 0 && i < queues.size() ? queues.get(i) : UUID.randomUUID();
                    batch.add(Map.of("EntityId", entity.toString(), "EventName", "QueueStatus"));
                }
                asked += batch.size();
                JsonNode completion = client.invoke("Subscribe", (Object) batch);
                if (completion.has("error")) {
                    refused += batch.size();
                } else {
                    for (JsonNode item : completion.path("result")) {
                        if (!item.path("subscribed").asBoolean()) {
                            refused++;
                        }
                    }
                }
            }
            JsonNode active = client.invoke("ActiveSubscriptions").path("result");
            System.out.printf("WebSocketFuzzTest: %d subscriptions asked in one connection, %d active, %d refused%n",
                    asked, active.size(), refused);
            assertThat(asked).isEqualTo(2_500);
            // the test profile's cap (callwire.rte.max-subscriptions-per-connection)
            assertThat(active.size()).isEqualTo(50);
            assertThat(refused).isEqualTo(asked - 50);
            assertThat(client.invoke("UnsubscribeAll").path("result").asBoolean()).isTrue();
        }
        publishForBystanders();
    }

    @Test
    void floodsOfPingsAndInvocationsAreServedWithoutHurtingOthers() throws Exception {
        try (FuzzSocket socket = FuzzSocket.open(base.resolve("/rte"), rteHeaders())) {
            socket.send("{\"protocol\":\"json\",\"version\":1}" + RS);
            StringBuilder pings = new StringBuilder();
            for (int i = 0; i < 5_000; i++) {
                pings.append("{\"type\":6}").append(RS);
                if (pings.length() > 8_000) {
                    socket.send(pings.toString());
                    pings.setLength(0);
                }
            }
            socket.send(pings.toString());
            StringBuilder calls = new StringBuilder();
            for (int i = 0; i < 2_000; i++) {
                calls.append("{\"type\":1,\"invocationId\":\"f").append(i).append("\",\"target\":\"ActiveSubscriptions\",\"arguments\":[]}").append(RS);
                if (calls.length() > 8_000) {
                    socket.send(calls.toString());
                    calls.setLength(0);
                    publishForBystanders();
                }
            }
            socket.send(calls.toString());
            socket.send("{\"type\":1,\"invocationId\":\"probe\",\"target\":\"ActiveSubscriptions\",\"arguments\":[]}" + RS);
            String outcome = socket.awaitProbeOrClose("\"invocationId\":\"probe\"", Duration.ofSeconds(20));
            assertThat(outcome).as("after 5,000 pings and 2,000 calls").isNotNull().isNotEqualTo(FuzzSocket.CLOSED);
            long completions = socket.frames().stream().mapToLong(f -> f.split("\"type\":3", -1).length - 1L).sum();
            System.out.printf("WebSocketFuzzTest: flood of 5,000 pings and 2,001 invocations, %d completions%n", completions);
            assertThat(completions).isEqualTo(2_001);
        }
    }

    // ---------------------------------------------------------------- Socket.IO at /socket.io/

    @Test
    void randomAndMutatedSocketIoPackets() {
        Random random = new Random(SEED + 1);
        System.out.println("WebSocketFuzzTest Socket.IO seed " + (SEED + 1) + " (replay with -Dcallwire.fuzz.seed=" + SEED + ")");
        int connections = 50;
        int packets = 0;
        int alive = 0;
        int closed = 0;
        for (int c = 0; c < connections; c++) {
            try (RawSocketIoClient socket = RawSocketIoClient.open(base)) {
                // a third of the connections join the namespace and send only well-formed packets of the wrong kind
                boolean wellFormed = random.nextInt(3) == 0;
                if (wellFormed || random.nextBoolean()) {
                    socket.send("40");
                }
                int count = 1 + random.nextInt(10);
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    String frame = wellFormed ? SocketIoFuzz.wellFormed(random, organization, agent) : SocketIoFuzz.frame(random, organization, agent);
                    sent.add(frame);
                    if (!socket.send(frame)) {
                        break;
                    }
                    packets++;
                }
                // alive means the server goes on pinging (every second in tests) and we go on answering
                boolean pinged = socket.awaitNextPing(Duration.ofSeconds(3));
                if (socket.closed().isDone()) {
                    closed++;
                } else {
                    assertThat(pinged).as("connection %d (sent %s) is open but the server stopped pinging; received %s",
                            c, sent, socket.frames()).isTrue();
                    alive++;
                }
                noInternalsIn(socket.frames());
            }
            publishForBystanders();
        }
        System.out.printf("WebSocketFuzzTest Socket.IO: %d connections, %d fuzzed packets; %d alive, %d closed%n",
                connections, packets, alive, closed);
        assertThat(closed).isPositive();
        assertThat(alive).isPositive();
    }

    @Test
    void socketIoPollingBodiesFuzzedAreAnsweredWithTheProtocolsErrors() {
        Random random = new Random(SEED + 2);
        System.out.println("WebSocketFuzzTest Engine.IO polling seed " + (SEED + 2));
        int bodies = 0;
        for (int c = 0; c < 40; c++) {
            String open = given().queryParam("EIO", "4").queryParam("transport", "polling").get("/socket.io/").then()
                    .statusCode(200).extract().asString();
            String sid = open.replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
            for (int i = 0; i < 4; i++) {
                StringBuilder body = new StringBuilder();
                int n = 1 + random.nextInt(3);
                for (int p = 0; p < n; p++) {
                    body.append(p == 0 ? "" : "\u001e").append(SocketIoFuzz.frame(random, organization, agent));
                }
                io.restassured.response.Response response = given().queryParam("EIO", "4").queryParam("transport", "polling")
                        .queryParam("sid", sid).contentType("text/plain;charset=UTF-8").body(body.toString()).post("/socket.io/");
                bodies++;
                assertThat(response.statusCode()).as("body %s answered %s", body, response.asString()).isIn(200, 400, 413);
                noInternalsIn(List.of(response.asString()));
            }
            publishForBystanders();
        }
        System.out.printf("WebSocketFuzzTest Engine.IO polling: %d fuzzed bodies%n", bodies);
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, String> rteHeaders() {
        return Map.of("Authorization", "Bearer " + TestTokens.rte(organization, UUID.randomUUID(), Roles.AGENT).sign());
    }

    private static void noInternalsIn(List<String> frames) {
        for (String frame : frames) {
            assertThat(frame.replace("HubException", "")).as("a frame the server sent")
                    .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.callwire").doesNotContain("java.");
        }
    }

    /** Random and mutated SignalR JSON records. */
    static final class SignalRFuzz {
        private static final List<Object> TYPES = List.of(1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 0, -1, 99, "\"1\"", "null", "1.5", "true",
                "[1]", "{}", "9223372036854775808", "1e400");

        static String frame(Random random) {
            return switch (random.nextInt(10)) {
                case 0 -> record(random); // a record without its separator: the next one joins it
                case 1 -> record(random) + RS + record(random) + RS + RS;
                case 2 -> RS.repeat(1 + random.nextInt(5));
                default -> record(random) + RS;
            };
        }

        /** A well-formed Invocation (type 1, string id and target, array of arguments) of anything. */
        static String wellFormed(Random random) {
            String target = random.nextInt(4) == 0 ? randomText(random, 10).replaceAll("[\\p{Cntrl}\"\\\\]", "")
                    : TARGETS.get(random.nextInt(TARGETS.size()));
            return "{\"type\":1,\"invocationId\":\"w" + random.nextInt(1000) + "\",\"target\":\"" + target
                    + "\",\"arguments\":[" + argument(random).replaceAll("\\p{Cntrl}", "") + "]}";
        }

        static String record(Random random) {
            return switch (random.nextInt(8)) {
                case 0 -> randomText(random, random.nextInt(300));
                case 1 -> {
                    String valid = invocation(random);
                    yield valid.substring(0, random.nextInt(valid.length()));
                }
                case 2 -> randomJson(random, 0);
                default -> invocation(random);
            };
        }

        static String invocation(Random random) {
            StringBuilder json = new StringBuilder("{");
            if (random.nextInt(8) > 0) {
                json.append("\"type\":").append(TYPES.get(random.nextInt(TYPES.size()))).append(',');
            }
            if (random.nextInt(3) > 0) {
                json.append("\"invocationId\":").append(switch (random.nextInt(5)) {
                    case 0 -> String.valueOf(random.nextInt());
                    case 1 -> "null";
                    case 2 -> "\"" + "i".repeat(random.nextInt(2_000)) + "\"";
                    default -> "\"id" + random.nextInt(1000) + "\"";
                }).append(',');
            }
            if (random.nextInt(8) > 0) {
                json.append("\"target\":").append(random.nextInt(6) == 0 ? randomJson(random, 2)
                        : "\"" + TARGETS.get(random.nextInt(TARGETS.size())) + "\"").append(',');
            }
            if (random.nextInt(6) > 0) {
                json.append("\"arguments\":").append(random.nextInt(4) == 0 ? randomJson(random, 0) : "[" + argument(random) + "]").append(',');
            }
            if (random.nextInt(4) == 0) {
                json.append("\"").append(randomText(random, 5)).append("\":").append(randomJson(random, 1)).append(',');
            }
            if (random.nextInt(5) == 0) {
                json.append("\"streamIds\":[\"s1\"],\"headers\":{\"a\":\"b\"},\"error\":\"x\",\"result\":1,");
            }
            if (json.charAt(json.length() - 1) == ',') {
                json.setLength(json.length() - 1);
            }
            return json.append('}').toString();
        }

        static String argument(Random random) {
            return switch (random.nextInt(6)) {
                case 0 -> "[{\"EntityId\":\"" + UUID.randomUUID() + "\",\"EventName\":\"UserStatus\"}]";
                case 1 -> "[{\"EntityId\":" + randomJson(random, 2) + ",\"EventName\":" + randomJson(random, 2) + "}]";
                case 2 -> "[{\"EntityId\":\"not-a-guid\",\"EventName\":\"NoSuchEvent\"}]";
                case 3 -> "[" + "{\"EventName\":\"QueueStatus\"},".repeat(random.nextInt(200)) + "{}]";
                default -> randomJson(random, 1);
            };
        }

        static String randomJson(Random random, int depth) {
            int kind = depth > 4 ? random.nextInt(5) : random.nextInt(7);
            return switch (kind) {
                case 0 -> "null";
                case 1 -> String.valueOf(random.nextBoolean());
                case 2 -> random.nextBoolean() ? String.valueOf(random.nextLong()) : String.valueOf(random.nextDouble() * 1e300);
                case 3, 4 -> "\"" + randomText(random, random.nextInt(40)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
                case 5 -> {
                    StringBuilder array = new StringBuilder("[");
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        array.append(i == 0 ? "" : ",").append(randomJson(random, depth + 1));
                    }
                    yield array.append(']').toString();
                }
                default -> {
                    StringBuilder object = new StringBuilder("{");
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        object.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(randomJson(random, depth + 1));
                    }
                    yield object.append('}').toString();
                }
            };
        }

        static String randomText(Random random, int length) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int codePoint = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x20); // control characters, the record separator among them
                    case 1 -> 0x80 + random.nextInt(0xD000); // below the surrogates
                    default -> 0x20 + random.nextInt(0x5F);
                };
                text.appendCodePoint(codePoint);
            }
            return text.toString();
        }
    }

    /** Random and mutated Engine.IO / Socket.IO packets, as the text of one WebSocket frame. */
    static final class SocketIoFuzz {
        private static final List<String> NAMESPACES = List.of("", "", "", "/", "/admin,", "//,", "/\u0000,", "/" + "n".repeat(300) + ",");

        /** Well-formed packets a server must answer or ignore without ending the session. */
        static String wellFormed(Random random, UUID organization, UUID user) {
            return switch (random.nextInt(7)) {
                case 0 -> "42[\"" + List.of("update", "refresh", "subscribe", "message", "disconnect").get(random.nextInt(5)) + "\","
                        + SignalRFuzz.randomJson(random, 1).replaceAll("\\p{Cntrl}", "") + "]";
                case 1 -> "43" + random.nextInt(1_000_000) + "[" + SignalRFuzz.randomJson(random, 1).replaceAll("\\p{Cntrl}", "")
                        + "]"; // an ack nobody asked for
                case 2 -> "40"; // joined already
                case 3 -> "6"; // noop
                case 4 -> "3"; // an unsolicited pong
                case 5 -> "40/admin," + (random.nextBoolean() ? "{}" : ""); // another namespace: connect_error
                default -> "42" + random.nextInt(100) + "[\"init\",\"agent\",\"" + user + "\",\"not-a-token\"]";
            };
        }

        static String frame(Random random, UUID organization, UUID user) {
            return switch (random.nextInt(12)) {
                case 0 -> SignalRFuzz.randomText(random, random.nextInt(100));
                case 1 -> String.valueOf((char) ('0' + random.nextInt(10))) + SignalRFuzz.randomText(random, random.nextInt(5));
                case 2 -> List.of("2", "3", "2probe", "3probe", "5", "6", "1", "0", "", "4", "40", "41").get(random.nextInt(12));
                case 3 -> "45" + random.nextInt(3) + "-[\"init\",{\"_placeholder\":true,\"num\":0}]"; // binary placeholders
                case 4 -> "43" + (random.nextBoolean() ? String.valueOf(Math.abs(random.nextLong())) : "") + SignalRFuzz.randomJson(random, 0);
                case 5 -> "4" + random.nextInt(10) + NAMESPACES.get(random.nextInt(NAMESPACES.size()))
                        + (random.nextBoolean() ? "123456789012345678901234" : "") + SignalRFuzz.randomJson(random, 0);
                case 6 -> "42[\"init\"," + SignalRFuzz.randomJson(random, 1) + "," + SignalRFuzz.randomJson(random, 1) + ","
                        + SignalRFuzz.randomJson(random, 1) + "]";
                case 7 -> "42[\"init\",\"" + List.of("agent", "supervisor", "api").get(random.nextInt(3)) + "\",\"" + user + "\",\""
                        + TestTokens.rte(organization, user, Roles.AGENT).tamperedWith(UUID.randomUUID()) + "\"]";
                case 8 -> "42[" + "[".repeat(5_000) + "]";
                case 9 -> "42" + SignalRFuzz.randomJson(random, 0);
                case 10 -> "40{\"pid\":" + SignalRFuzz.randomJson(random, 1) + ",\"offset\":" + SignalRFuzz.randomJson(random, 1) + "}";
                default -> "42[\"" + SignalRFuzz.randomText(random, 8).replace("\\", "").replace("\"", "") + "\"," + SignalRFuzz.randomJson(random, 0) + "]";
            };
        }
    }

    /** A raw WebSocket that keeps every text frame and notices the close. */
    static final class FuzzSocket implements AutoCloseable {
        static final String CLOSED = "<closed>";
        private final List<String> frames = Collections.synchronizedList(new ArrayList<>());
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private WebSocket socket;

        static FuzzSocket open(URI uri, Map<String, String> headers) {
            FuzzSocket fuzz = new FuzzSocket();
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
            headers.forEach(builder::header);
            try {
                fuzz.socket = builder.buildAsync(URI.create(uri.toString().replaceFirst("^http", "ws")), fuzz.new Listener())
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return fuzz;
        }

        void send(String text) {
            if (closed.isDone()) {
                return;
            }
            try {
                socket.sendText(text, true).get(10, TimeUnit.SECONDS);
            } catch (Exception closedMeanwhile) {
                // the server closed the connection: that is an outcome, read by awaitProbeOrClose
            }
        }

        boolean isClosed() {
            return closed.isDone();
        }

        List<String> frames() {
            synchronized (frames) {
                return List.copyOf(frames);
            }
        }

        /** The frame containing {@code marker}, {@link #CLOSED} once the server closed, or null after the timeout. */
        String awaitProbeOrClose(String marker, Duration timeout) {
            Predicate<String> wanted = frame -> frame.contains(marker);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (String frame : frames()) {
                    if (wanted.test(frame)) {
                        return frame;
                    }
                }
                if (closed.isDone()) {
                    return CLOSED;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
            socket.abort();
        }

        private final class Listener implements WebSocket.Listener {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    frames.add(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                return onText(webSocket, java.nio.charset.StandardCharsets.UTF_8.decode(data), last);
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        }
    }
}
