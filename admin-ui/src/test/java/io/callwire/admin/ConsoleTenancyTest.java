package io.callwire.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.admin.browser.Services;
import io.callwire.admin.config.AdminConfig;
import io.callwire.admin.security.ConsoleSession;
import io.callwire.admin.security.SessionStore;
import io.callwire.admin.service.EventRates;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.FreePorts;
import io.callwire.testing.ResourceMethods;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Tenancy through the console: the demo organization's org-admin (A), signed in to the console, tries
 * every console endpoint with the ids of a look-alike organization (B, with a webhook and its delivery,
 * a queue, a grant, a user, an API client and a live session), and the console's live views while B
 * has a live connection and publishes events: the dashboard's figures count A's own connections and
 * events only, the live page's RTE token is A's, and with it a SignalR client can neither subscribe to
 * B's queue nor receive B's events. No page shows B's names or ids, and B's items are unchanged after.
 * The endpoint list is checked against the resource methods compiled in this module.
 */
@QuarkusTest
class ConsoleTenancyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SessionStore sessions;
    @Inject
    AdminConfig config;
    @Inject
    EventRates rates;

    private ConsoleSession session;
    private final List<String> secrets = new ArrayList<>();

    private RequestSpecification service(String base, String token) {
        RequestSpecification request = given().baseUri(base).header("X-Forwarded-For", "198.51.100." + (1 + (int) (Math.random() * 200)));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private String signIn(String username, String password) {
        return service(config.authUrl(), null).formParam("grant_type", "password").formParam("username", username)
                .formParam("password", password).post("/oauth/token").then().statusCode(200).extract().path("access_token");
    }

    /** A request of A's console session, with its CSRF token, redirects not followed. */
    private RequestSpecification console() {
        return given().cookie("cw_session", session.id()).header("X-CSRF-Token", session.csrfToken()).redirects().follow(false);
    }

    /**
     * Nothing of B in a console answer, and no server error. {@code given} are the ids of B the request
     * itself named (an error page may repeat what it was asked for).
     */
    private void nothingOfB(Response response, String endpoint, String... given) {
        String body = response.asString();
        assertThat(response.statusCode()).as(endpoint + " answered " + response.statusCode() + ": " + abbreviated(body)).isLessThan(500);
        for (String secret : secrets) {
            if (!List.of(given).contains(secret)) {
                assertThat(body).as(endpoint + " shows " + secret).doesNotContain(secret);
            }
        }
    }

    private static String abbreviated(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }

    private static int figure(String html, String name) {
        Matcher matcher = Pattern.compile("data-testid=\"" + name + "\">([^<]*)<").matcher(html);
        assertThat(matcher.find()).as("figure " + name + " in " + abbreviated(html)).isTrue();
        return Integer.parseInt(matcher.group(1).trim());
    }

    private static String eventsFigure(String html) {
        Matcher matcher = Pattern.compile("data-testid=\"events-per-second\">([^<]*)<").matcher(html);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1).trim();
    }

    @Test
    void anOrganizationsAdminSeesNothingOfAnotherOrganizationThroughAnyPageOrLiveView() throws Exception {
        long n = System.nanoTime();
        String marker = "Secret-B-" + n;
        String root = signIn(Services.PLATFORM_ADMIN, Services.PASSWORD);
        String orgB = service(config.authUrl(), root).contentType("application/json").body(Map.of("name", marker + " organization"))
                .post("/api/v1/organizations").then().statusCode(201).extract().path("id");
        String usernameB = "admin-" + n + "@lookalike.test";
        String userB = service(config.authUrl(), root).contentType("application/json").body(Map.of("organizationId", orgB,
                        "username", usernameB, "displayName", marker + " admin", "password", "password-123", "roles", List.of("org-admin")))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
        String tokenB = signIn(usernameB, "password-123");
        String clientB = service(config.authUrl(), tokenB).contentType("application/json")
                .body(Map.of("name", marker + " client", "roles", List.of("integration"))).post("/api/v1/clients")
                .then().statusCode(201).extract().path("id");
        String queueB = service(config.subscriptionUrl(), tokenB).contentType("application/json")
                .body(Map.of("entityType", "Queue", "id", UUID.randomUUID().toString(), "name", marker + " queue"))
                .post("/api/v1/entities").then().statusCode(201).extract().path("id");
        String grantB = service(config.subscriptionUrl(), tokenB).contentType("application/json").body(Map.of("principalType", "ROLE",
                        "principal", "agent", "entityType", "Queue", "entityId", queueB, "events", List.of("QueueStatus")))
                .post("/api/v1/permissions").then().statusCode(201).extract().path("id");
        // a receiver that is not there: B's delivery fails and is kept with its attempts
        String webhookB = service(config.notifierUrl(), tokenB).contentType("application/json").body("""
                        {"name": "%s hook", "url": "http://127.0.0.1:%d/b", "events": ["QueueStatus"],
                         "retry": {"maxAttempts": 1}}""".formatted(marker, FreePorts.next()))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        publish(event(UUID.fromString(orgB), UUID.fromString(queueB)));
        String deliveryB = await().atMost(Duration.ofSeconds(30)).until(() -> service(config.notifierUrl(), tokenB)
                .get("/api/v1/webhooks/" + webhookB + "/deliveries").then().statusCode(200).extract().<List<String>>path("items.id"),
                ids -> !ids.isEmpty()).get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DEAD".equals(service(config.notifierUrl(), tokenB)
                .get("/api/v1/deliveries/" + deliveryB).then().statusCode(200).extract().path("status")));
        secrets.addAll(List.of(marker, orgB, userB, usernameB, clientB, queueB, grantB, webhookB, deliveryB));
        Map<String, Map<String, Object>> before = itemsOfB(tokenB, webhookB, deliveryB, queueB, grantB, userB, clientB);

        // B's live session: subscribed to its queue, open throughout
        String rteB = service(config.authUrl(), tokenB).get("/token/me/rte").then().statusCode(200).extract().path("Token");
        try (Hub hubB = Hub.open(config.subscriptionUrl(), rteB); AmqpTestClient amqp = AmqpTestClient.connect()) {
            assertThat(hubB.invoke("Subscribe", List.of(Map.of("EntityId", queueB, "EventName", "QueueStatus"))).toString())
                    .doesNotContain("Unauthorized");
            session = sessions.signIn(Services.ADMIN, Services.PASSWORD, "198.51.100.250");
            String tokenA = session.accessToken();
            String other = UUID.randomUUID().toString();

            Map<String, Check> matrix = new LinkedHashMap<>();
            matrix.put("GET /", () -> {
                String html = console().get("/").then().extract().asString();
                assertThat(figure(html, "connections")).as("connections on A's dashboard")
                        .isEqualTo(service(config.subscriptionUrl(), tokenA).get("/api/v1/sessions").then().statusCode(200)
                                .extract().<Integer>path("total"));
            });
            matrix.put("GET /dashboard/figures", () -> {
                // B's events: counted for B, not on A's dashboard
                for (int i = 0; i < 20; i++) {
                    publish(event(UUID.fromString(orgB), UUID.fromString(queueB)), amqp);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> rates.perSecond(UUID.fromString(orgB)) > 0);
                // A's own rate, read just before and just after (its window slides meanwhile)
                String rateBefore = String.format(Locale.ROOT, "%.1f", rates.perSecond(Services.DEMO_ORGANIZATION));
                Response figures = console().get("/dashboard/figures");
                String rateAfter = String.format(Locale.ROOT, "%.1f", rates.perSecond(Services.DEMO_ORGANIZATION));
                nothingOfB(figures, "GET /dashboard/figures");
                assertThat(eventsFigure(figures.asString())).as("A's events per second, B's being "
                        + rates.perSecond(UUID.fromString(orgB))).isIn(rateBefore, rateAfter);
                assertThat(figure(figures.asString(), "connections")).isEqualTo(service(config.subscriptionUrl(), tokenA)
                        .get("/api/v1/sessions").then().statusCode(200).extract().<Integer>path("total"));
                assertThat(figure(figures.asString(), "delivered") + figure(figures.asString(), "dead")
                        + figure(figures.asString(), "retrying")).as("A's deliveries").isEqualTo(deliveriesOfA(tokenA));
            });
            matrix.put("GET /live", () -> nothingOfB(console().get("/live"), "GET /live"));
            matrix.put("GET /live/token", () -> {
                Response answer = console().get("/live/token");
                nothingOfB(answer, "GET /live/token");
                String token = answer.then().statusCode(200).extract().path("Token");
                assertThat(claims(token).path("org").asText()).isEqualTo(Services.DEMO_ORGANIZATION.toString());
                try (Hub hubA = Hub.open(config.subscriptionUrl(), token)) {
                    JsonNode refused = hubA.invoke("Subscribe", List.of(Map.of("EntityId", queueB, "EventName", "QueueStatus")));
                    assertThat(refused.toString()).as("A subscribing to B's queue").containsAnyOf("Unauthorized", "Invalid EntityId", "\"error\"");
                    ObjectNode event = event(UUID.fromString(orgB), UUID.fromString(queueB));
                    publish(event, amqp);
                    assertThat(hubB.eventArrives(event.get("Id").asText(), Duration.ofSeconds(10))).as("B's own client gets B's event").isTrue();
                    assertThat(hubA.nextEvent(Duration.ofSeconds(2))).as("A's live view gets nothing of B").isNull();
                }
            });
            matrix.put("GET /webhooks", () -> nothingOfB(console().get("/webhooks"), "GET /webhooks"));
            matrix.put("GET /webhooks/new", () -> nothingOfB(console().get("/webhooks/new"), "GET /webhooks/new"));
            matrix.put("POST /webhooks", () -> nothingOfB(console().formParam("name", "A's").formParam("url", "https://203.0.113.9/a")
                    .formParam("events", "QueueStatus").formParam("entityIds", queueB).post("/webhooks"), "POST /webhooks", queueB));
            matrix.put("GET /webhooks/{id}", () -> nothingOfB(console().get("/webhooks/" + webhookB), "GET /webhooks/{id}", webhookB));
            matrix.put("POST /webhooks/{id}", () -> nothingOfB(console().formParam("name", "Hacked").formParam("url", "https://203.0.113.9/x")
                    .formParam("events", "QueueStatus").post("/webhooks/" + webhookB), "POST /webhooks/{id}", webhookB));
            matrix.put("POST /webhooks/preview", () -> nothingOfB(console().formParam("name", "p").formParam("url", "https://203.0.113.9/p")
                    .formParam("events", "QueueStatus").formParam("entityIds", queueB).post("/webhooks/preview"), "POST /webhooks/preview", queueB));
            matrix.put("POST /webhooks/variables", () -> nothingOfB(console().formParam("events", "QueueStatus").post("/webhooks/variables"),
                    "POST /webhooks/variables"));
            matrix.put("POST /webhooks/{id}/enabled", () -> nothingOfB(console().formParam("enabled", "false")
                    .post("/webhooks/" + webhookB + "/enabled"), "POST /webhooks/{id}/enabled", webhookB));
            matrix.put("POST /webhooks/{id}/test", () -> nothingOfB(console().formParam("event", "QueueStatus")
                    .post("/webhooks/" + webhookB + "/test"), "POST /webhooks/{id}/test", webhookB));
            matrix.put("POST /webhooks/{id}/rotate", () -> nothingOfB(console().post("/webhooks/" + webhookB + "/rotate"),
                    "POST /webhooks/{id}/rotate", webhookB));
            matrix.put("POST /webhooks/{id}/delete", () -> nothingOfB(console().post("/webhooks/" + webhookB + "/delete"),
                    "POST /webhooks/{id}/delete", webhookB));
            matrix.put("GET /webhooks/{id}/deliveries", () -> nothingOfB(console().get("/webhooks/" + webhookB + "/deliveries"),
                    "GET /webhooks/{id}/deliveries", webhookB));
            matrix.put("POST /webhooks/{id}/recover", () -> nothingOfB(console().formParam("since", "2020-01-01T00:00")
                    .post("/webhooks/" + webhookB + "/recover"), "POST /webhooks/{id}/recover", webhookB));
            matrix.put("GET /deliveries/{id}", () -> nothingOfB(console().get("/deliveries/" + deliveryB), "GET /deliveries/{id}", deliveryB));
            matrix.put("POST /deliveries/{id}/resend", () -> nothingOfB(console().post("/deliveries/" + deliveryB + "/resend"),
                    "POST /deliveries/{id}/resend", deliveryB));
            matrix.put("GET /permissions", () -> nothingOfB(console().queryParam("type", "Queue").get("/permissions"), "GET /permissions"));
            matrix.put("POST /permissions/grants", () -> nothingOfB(console().formParam("principal", "ROLE:agent").formParam("entityType", "Queue")
                    .formParam("entityId", queueB).formParam("events", "QueueStatus").post("/permissions/grants"), "POST /permissions/grants", queueB));
            matrix.put("POST /permissions/grants/{id}/revoke", () -> nothingOfB(console().post("/permissions/grants/" + grantB + "/revoke"),
                    "POST /permissions/grants/{id}/revoke", grantB));
            matrix.put("POST /permissions/entities", () -> nothingOfB(console().formParam("entityType", "Queue").formParam("name", "Taken")
                    .formParam("id", queueB).post("/permissions/entities"), "POST /permissions/entities", queueB));
            matrix.put("GET /users", () -> nothingOfB(console().get("/users"), "GET /users"));
            matrix.put("POST /users", () -> nothingOfB(console().formParam("username", "plant-" + n + "@lookalike.test")
                    .formParam("displayName", "Plant").formParam("password", "password-123").formParam("roles", "org-admin")
                    .formParam("organizationId", orgB).post("/users"), "POST /users", orgB));
            matrix.put("POST /users/{id}/enabled", () -> nothingOfB(console().formParam("enabled", "false").post("/users/" + userB + "/enabled"),
                    "POST /users/{id}/enabled", userB));
            matrix.put("POST /users/{id}/password", () -> nothingOfB(console().formParam("password", "taken-over-123")
                    .post("/users/" + userB + "/password"), "POST /users/{id}/password", userB));
            matrix.put("POST /users/{id}/rte-token", () -> {
                Response answer = console().post("/users/" + userB + "/rte-token");
                nothingOfB(answer, "POST /users/{id}/rte-token", userB);
                assertThat(answer.asString()).doesNotContainPattern("eyJ[A-Za-z0-9_-]+\\.eyJ");
            });
            matrix.put("GET /clients", () -> nothingOfB(console().get("/clients"), "GET /clients"));
            matrix.put("POST /clients", () -> nothingOfB(console().formParam("name", "A's").formParam("roles", "integration")
                    .formParam("organizationId", orgB).post("/clients"), "POST /clients", orgB));
            matrix.put("POST /clients/{id}/disable", () -> nothingOfB(console().post("/clients/" + clientB + "/disable"),
                    "POST /clients/{id}/disable", clientB));
            matrix.put("GET /organizations", () -> assertThat(console().get("/organizations").statusCode()).isEqualTo(403));
            matrix.put("POST /organizations/{id}/switch", () -> {
                assertThat(console().formParam("name", "B").post("/organizations/" + orgB + "/switch").statusCode()).isEqualTo(403);
                assertThat(session.organizationId()).isEqualTo(Services.DEMO_ORGANIZATION);
            });
            matrix.put("GET /status", () -> nothingOfB(given().get("/status"), "GET /status"));
            matrix.put("GET /sign-in", () -> nothingOfB(given().get("/sign-in"), "GET /sign-in"));
            // signing in as A gives A's session: B's password is not A's way in
            matrix.put("POST /sign-in", () -> assertThat(given().redirects().follow(false).formParam("username", usernameB)
                    .formParam("password", "password-123").post("/sign-in").statusCode()).isEqualTo(403));
            matrix.put("POST /sign-out", () -> { /* last: below */ });

            assertThat(ResourceMethods.missing(ResourceMethods.ofThisModule(), matrix.keySet())).as("console endpoints without a tenancy case")
                    .isEmpty();
            for (Map.Entry<String, Check> check : matrix.entrySet()) {
                try {
                    check.getValue().run();
                } catch (AssertionError e) {
                    throw new AssertionError(check.getKey() + ": " + e.getMessage(), e);
                }
            }
            console().post("/sign-out").then().statusCode(303);

            assertThat(itemsOfB(tokenB, webhookB, deliveryB, queueB, grantB, userB, clientB)).as("B's items after A's tries")
                    .isEqualTo(before);
            signIn(usernameB, "password-123");
            assertThat(hubB.closed()).as("B's live session").isFalse();
            System.out.printf("ConsoleTenancyTest: %d console endpoints tried with another organization's ids%n", matrix.size());
        }
    }

    /** B's items as B sees them, without the times of their last change. */
    private Map<String, Map<String, Object>> itemsOfB(String tokenB, String webhook, String delivery, String queue, String grant,
                                                      String user, String client) {
        Map<String, Map<String, Object>> items = new LinkedHashMap<>();
        items.put("webhook", view(service(config.notifierUrl(), tokenB).get("/api/v1/webhooks/" + webhook)));
        items.put("delivery", view(service(config.notifierUrl(), tokenB).get("/api/v1/deliveries/" + delivery)));
        items.put("queue", view(service(config.subscriptionUrl(), tokenB).get("/api/v1/entities/" + queue)));
        items.put("grant", view(service(config.subscriptionUrl(), tokenB).get("/api/v1/permissions/" + grant)));
        items.put("user", view(service(config.authUrl(), tokenB).get("/api/v1/users/" + user)));
        items.put("client", view(service(config.authUrl(), tokenB).get("/api/v1/clients/" + client)));
        return items;
    }

    private static Map<String, Object> view(Response response) {
        Map<String, Object> view = new HashMap<>(response.then().statusCode(200).extract().<Map<String, Object>>path(""));
        view.remove("updatedAt");
        // a delivery in flight moves on by itself (its attempt, its next time); what A could change is its attempts
        view.remove("nextAttemptAt");
        view.remove("status");
        return view;
    }

    private long deliveriesOfA(String tokenA) {
        String from = Instant.now().minus(Duration.ofHours(1)).toString();
        long total = 0;
        for (String webhook : service(config.notifierUrl(), tokenA).queryParam("size", 50).get("/api/v1/webhooks").then().statusCode(200)
                .extract().<List<String>>path("items.id")) {
            for (String status : List.of("DELIVERED", "PENDING", "DEAD")) {
                total += service(config.notifierUrl(), tokenA).queryParam("status", status).queryParam("from", from).queryParam("size", 1)
                        .get("/api/v1/webhooks/" + webhook + "/deliveries").then().statusCode(200).extract().<Integer>path("total");
            }
        }
        return total;
    }

    private static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode event(UUID organization, UUID queue) {
        ObjectNode event = EventCatalog.standard().find("QueueStatus").orElseThrow().example().deepCopy();
        event.put("RootEntityId", organization.toString());
        event.put("EntityId", queue.toString());
        event.put("Id", UUID.randomUUID().toString());
        event.put("Timestamp", Instant.now().toString());
        event.put("MessageTTLSeconds", -1);
        if (event.has("QueueId")) {
            event.put("QueueId", queue.toString());
        }
        if (event.has("OrganizationId")) {
            event.put("OrganizationId", organization.toString());
        }
        return event;
    }

    private static void publish(ObjectNode event) {
        try (AmqpTestClient amqp = AmqpTestClient.connect()) {
            publish(event, amqp);
        }
    }

    private static void publish(ObjectNode event, AmqpTestClient amqp) {
        amqp.send(Addresses.EVENTS, event.toString(), Map.of(Addresses.PROPERTY_EVENT_TYPE, "QueueStatus",
                Addresses.PROPERTY_ENTITY_TYPE, event.get("EntityType").asText(),
                Addresses.PROPERTY_ORGANIZATION_ID, event.get("RootEntityId").asText()));
    }

    /** A bare SignalR JSON-protocol client over the JDK's WebSocket, as the live page's script speaks it. */
    private static final class Hub implements AutoCloseable {

        private final BlockingQueue<JsonNode> records = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile boolean closed;
        private WebSocket socket;

        static Hub open(String subscriptionUrl, String rteToken) throws Exception {
            Hub hub = new Hub();
            hub.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + rteToken)
                    .buildAsync(URI.create(subscriptionUrl.replaceFirst("^http", "ws") + "/rte"), hub.listener())
                    .get(10, TimeUnit.SECONDS);
            hub.send("{\"protocol\":\"json\",\"version\":1}");
            JsonNode handshake = hub.records.poll(10, TimeUnit.SECONDS);
            assertThat(handshake).as("handshake answer").isNotNull();
            assertThat(handshake.has("error")).as("handshake " + handshake).isFalse();
            return hub;
        }

        private WebSocket.Listener listener() {
            return new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    synchronized (partial) {
                        partial.append(data);
                        int end;
                        while ((end = partial.indexOf("\u001e")) >= 0) {
                            String record = partial.substring(0, end);
                            partial.delete(0, end + 1);
                            try {
                                records.add(JSON.readTree(record));
                            } catch (Exception e) {
                                records.add(JSON.createObjectNode().put("unreadable", record));
                            }
                        }
                    }
                    webSocket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    closed = true;
                    return null;
                }

                @Override
                public void onError(WebSocket webSocket, Throwable error) {
                    closed = true;
                }
            };
        }

        void send(String record) {
            socket.sendText(record + "\u001e", true).join();
        }

        JsonNode invoke(String target, Object argument) throws Exception {
            String id = UUID.randomUUID().toString();
            ObjectNode invocation = JSON.createObjectNode().put("type", 1).put("invocationId", id).put("target", target);
            invocation.putArray("arguments").add(JSON.valueToTree(argument));
            send(invocation.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsonNode record = records.poll(1, TimeUnit.SECONDS);
                if (record != null && record.path("type").asInt() == 3 && id.equals(record.path("invocationId").asText())) {
                    return record;
                }
            }
            throw new AssertionError("no completion of " + target);
        }

        /** The next MessageReceived as text, or null when none came in time. */
        String nextEvent(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode record = records.poll(100, TimeUnit.MILLISECONDS);
                if (record != null && record.path("type").asInt() == 1 && "MessageReceived".equals(record.path("target").asText())) {
                    return record.toString();
                }
            }
            return null;
        }

        /** Whether the MessageReceived of this event id arrives in time (earlier events are skipped). */
        boolean eventArrives(String eventId, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String event = nextEvent(Duration.ofMillis(200));
                if (event != null && event.contains(eventId)) {
                    return true;
                }
            }
            return false;
        }

        boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            if (!closed) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        }
    }

    /** One case of the matrix; the hub and AMQP helpers it calls throw checked exceptions. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }
}
