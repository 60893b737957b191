package io.callwire.admin.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The console in a real headless Chromium against the real services (see {@link Services}): what an
 * org-admin does and sees. Each test signs in in a fresh browser context; screenshots of each page go
 * to {@code target/screenshots/}.
 */
@QuarkusTest
@QuarkusTestResource(value = Services.class, restrictToAnnotatedClass = false)
class ConsoleBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static Vertx vertx;
    static HttpServer receiver;
    static final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

    @TestHTTPResource("/")
    URL console;

    BrowserContext context;
    Page page;

    @BeforeAll
    static void startReceiver() {
        vertx = Vertx.vertx();
        receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(Map.of("path", request.path(), "id", String.valueOf(request.getHeader("webhook-id")),
                    "body", body.toString()));
            request.response().setStatusCode(200).end("thanks");
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stopReceiver() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /**
     * After every flow of the console ran against them, the services' logs hold no token, signing
     * secret or password: each of these flows handled some (sign-in, RTE tokens, rotated secrets).
     */
    @AfterAll
    static void servicesLoggedNoSecret() throws IOException {
        Pattern secrets = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}|whsec_[A-Za-z0-9+/=]{8,}"
                + "|(?i)password\\s*[=:]\\s*\\S+|Bearer\\s+[A-Za-z0-9._-]{16,}");
        try (var logs = Files.list(Path.of("target", "service-logs"))) {
            for (Path log : logs.toList()) {
                List<String> leaks = Files.readAllLines(log).stream()
                        .filter(line -> secrets.matcher(line).find()).limit(3).toList();
                assertThat(leaks).as("secrets in %s", log).isEmpty();
            }
        }
    }

    @BeforeEach
    void openBrowser() {
        context = Chromium.browser().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(base()).setViewportSize(1280, 900));
        context.setDefaultTimeout(30_000);
        page = context.newPage();
        page.onDialog(dialog -> dialog.accept());
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void signsInShowsTheDashboardAndSignsOut() {
        page.navigate("/");
        assertThat(page).hasURL(Pattern.compile(".*/sign-in$"));
        screenshot("sign-in");
        signIn(Services.ADMIN);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Dashboard"))).isVisible();
        assertThat(page.getByTestId("organization")).containsText("your organization");
        assertThat(page.getByTestId("delivered")).isVisible();
        screenshot("dashboard");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page.getByText("You have signed out.")).isVisible();
        page.navigate("/webhooks");
        assertThat(page).hasURL(Pattern.compile(".*/sign-in.*"));
        page.navigate("/status");
        assertThat(page.locator("table")).containsText("notifier-service");
        assertThat(page.locator("table")).not().containsText("not ready");
    }

    @Test
    void anUnknownOrExpiredSessionGoesBackToSignInWithAMessage() {
        context.addCookies(List.of(new Cookie("cw_session", "no-such-session").setUrl(base())));
        page.navigate("/webhooks");
        assertThat(page).hasURL(Pattern.compile(".*/sign-in\\?expired=true$"));
        assertThat(page.getByText("Your session has expired. Please sign in again.")).isVisible();
    }

    @Test
    void createsAPostWebhookAfterItsPreviewAndSeesTheDeliveryWithItsAttempt() {
        signIn(Services.ADMIN);
        page.navigate("/webhooks/new");
        String path = "/crm-" + UUID.randomUUID();
        String url = "http://127.0.0.1:" + receiver.actualPort() + path;
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("CRM " + path);
        page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true)).fill(url);
        page.getByLabel("QueueStatus").check();
        page.getByLabel("Custom headers, one per line: Name: value").fill("X-Tenant: demo");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview the request")).click();
        assertThat(page.getByTestId("preview-request")).containsText("POST " + url);
        assertThat(page.getByTestId("preview-request")).containsText("X-Tenant: demo");
        assertThat(page.getByTestId("preview-request")).containsText("QueueStatus");
        screenshot("webhook-form-with-preview");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create webhook")).click();
        assertThat(page.getByTestId("signing-secret")).containsText("whsec_");
        screenshot("webhook-created");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Delivery log")).click();

        ObjectNode event = event("QueueStatus", UUID.randomUUID());
        publish(event);
        await().atMost(Duration.ofSeconds(60)).until(() -> received.stream().anyMatch(r -> r.get("path").equals(path)));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            page.reload();
            return page.getByTestId("deliveries").getByText("DELIVERED").count() > 0;
        });
        screenshot("delivery-log");
        page.getByTestId("deliveries").getByRole(AriaRole.LINK).first().click();
        assertThat(page.getByTestId("attempts")).containsText("200");
        assertThat(page.getByTestId("attempts")).containsText("thanks");
        String messageId = received.stream().filter(r -> r.get("path").equals(path)).findFirst().orElseThrow().get("id");
        assertThat(page.getByText(messageId)).isVisible();
        screenshot("delivery-attempts");
    }

    @Test
    void sendsATestDisablesRotatesTheSecretAndResendsADelivery() {
        signIn(Services.ADMIN);
        String path = "/ops-" + UUID.randomUUID();
        createWebhook("Ops " + path, "http://127.0.0.1:" + receiver.actualPort() + path);
        String firstSecret = page.getByTestId("signing-secret").textContent();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Continue to the webhook")).click();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send a test")).click();
        assertThat(page.getByTestId("message")).containsText("Test QueueStatus sent");
        assertThat(page.getByTestId("message")).containsText("HTTP 200");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(r -> r.get("path").equals(path)));

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disable")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("DISABLED");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enable")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("ENABLED");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rotate signing secret")).click();
        assertThat(page.getByTestId("signing-secret")).containsText("whsec_");
        assertThat(page.getByTestId("signing-secret").textContent()).isNotEqualTo(firstSecret);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Delivery log")).click();

        ObjectNode event = event("QueueStatus", UUID.randomUUID());
        publish(event);
        String eventId = event.get("Id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> received.stream()
                .anyMatch(r -> r.get("path").equals(path) && r.get("body").contains(eventId)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            page.reload();
            return page.getByTestId("deliveries").getByText("DELIVERED").count() > 0;
        });
        page.getByTestId("deliveries").getByRole(AriaRole.LINK).first().click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resend")).click();
        assertThat(page.getByText("Sent again")).isVisible();
        // the same message again: the same webhook-id as the first delivery of that event
        await().atMost(Duration.ofSeconds(60)).until(() -> received.stream()
                .filter(r -> r.get("path").equals(path) && r.get("body").contains(eventId)).count() >= 2);
        assertThat(received.stream().filter(r -> r.get("path").equals(path) && r.get("body").contains(eventId))
                .map(r -> r.get("id")).distinct()).hasSize(1);
    }

    @Test
    void showsTheNotifiersValidationErrorBesideItsField() {
        signIn(Services.ADMIN);
        page.navigate("/webhooks/new");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Internal");
        page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true)).fill("http://10.1.2.3/hook");
        page.getByLabel("UserStatus", new Page.GetByLabelOptions().setExact(true)).check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create webhook")).click();

        // notifier-service refuses the address and names the field: the console shows it beside the URL
        assertThat(page.locator("#url-error")).containsText("10.1.2.3");
        assertThat(page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true))).hasAttribute("aria-invalid", "true");
        assertThat(page.getByRole(AriaRole.ALERT).first()).containsText("Some fields need attention");
        screenshot("webhook-validation-error");
    }

    @Test
    void grantsASupervisorAQueueAndListsTheGrant() {
        signIn(Services.ADMIN);
        page.navigate("/permissions");
        String queue = "Support " + UUID.randomUUID().toString().substring(0, 8);
        page.locator("#entity-type").selectOption("Queue");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(queue);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register")).click();
        assertThat(page.getByText("Entity registered.")).isVisible();

        page.getByLabel("Who").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("supervisor@demo.test"));
        page.getByLabel("Kind of entity").selectOption("Queue");
        page.getByLabel("Entity", new Page.GetByLabelOptions().setExact(true))
                .selectOption(new com.microsoft.playwright.options.SelectOption().setLabel(queue + " (Queue)"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Grant").setExact(true)).click();

        assertThat(page.getByText("Permission granted.")).isVisible();
        var row = page.getByTestId("grants").locator("tr").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(queue));
        assertThat(row).containsText("supervisor@demo.test");
        assertThat(row).containsText("all events");
        screenshot("permissions");
    }

    @Test
    void showsAPublishedEventInTheLiveTailFilteredAndPaused() {
        signIn(Services.ADMIN);
        page.navigate("/live");
        assertThat(page.getByTestId("live-status")).containsText("Receiving events", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));

        UUID queue = UUID.randomUUID();
        publish(event("QueueStatus", queue));
        var rows = page.getByTestId("live-events").locator("tbody tr");
        assertThat(rows.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(queue.toString()))).hasCount(1);
        screenshot("live-events");

        // filtered by another event: the row is hidden
        page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true)).selectOption("UserStatus");
        assertThat(rows.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(queue.toString()))).isHidden();
        page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true)).selectOption("");

        // paused: a new event waits until resumed
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause")).click();
        UUID later = UUID.randomUUID();
        publish(event("QueueStatus", later));
        assertThat(page.getByTestId("live-status")).containsText("1 new events waiting");
        assertThat(rows.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(later.toString()))).hasCount(0);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume")).click();
        assertThat(rows.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(later.toString()))).hasCount(1);
    }

    @Test
    void refusesAFormPostWithoutTheCsrfToken() throws Exception {
        signIn(Services.ADMIN);
        page.navigate("/permissions");
        String session = context.cookies().stream().filter(c -> c.name.equals("cw_session")).findFirst().orElseThrow().value;
        String csrf = page.locator("input[name=_csrf]").first().inputValue();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> without = http.send(form("/permissions/entities", session, "entityType=Queue&name=Forged"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.body()).contains("CSRF token");

        HttpResponse<String> wrong = http.send(form("/permissions/entities", session, "entityType=Queue&name=Forged&_csrf=guess"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(403);

        HttpResponse<String> signOut = http.send(form("/sign-out", session, ""), HttpResponse.BodyHandlers.ofString());
        assertThat(signOut.statusCode()).as("sign-out without the token").isEqualTo(403);

        HttpResponse<String> with = http.send(form("/permissions/entities", session,
                "entityType=Queue&name=Allowed&_csrf=" + csrf), HttpResponse.BodyHandlers.ofString());
        assertThat(with.statusCode()).isEqualTo(303);

        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base() + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin%40demo.test&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).as("sign-in without the form's token").isEqualTo(403);
    }

    @Test
    void answersWithAContentSecurityPolicyWithoutInlineScriptAndAnHttpOnlySessionCookie() throws Exception {
        HttpResponse<String> signInPage = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        String csp = signInPage.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(signInPage.body()).doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>");

        signIn(Services.ADMIN);
        Cookie session = context.cookies().stream().filter(c -> c.name.equals("cw_session")).findFirst().orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).isEqualTo(com.microsoft.playwright.options.SameSiteAttribute.STRICT);
    }

    @Test
    void listsUsersAndApiClientsAndIssuesAnRteToken() {
        signIn(Services.ADMIN);
        page.navigate("/users");
        assertThat(page.getByTestId("users")).containsText("supervisor@demo.test");
        screenshot("users");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("RTE token for agent1@demo.test")).click();
        assertThat(page.getByTestId("rte-json")).containsText("\"WssEndpoint\": \"ws://localhost:");
        assertThat(page.getByTestId("rte-json")).containsText("\"Token\": \"ey");
        screenshot("rte-token");
        page.navigate("/clients");
        assertThat(page.getByTestId("clients")).containsText("demo-integration");
        screenshot("api-clients");
    }

    @Test
    void aPlatformAdminSwitchesOrganization() {
        signIn(Services.PLATFORM_ADMIN);
        page.navigate("/organizations");
        screenshot("organizations");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Work on Demo Contact Center")).click();
        assertThat(page.getByTestId("organization")).containsText("Demo Contact Center");
        page.navigate("/users");
        assertThat(page.getByTestId("users")).containsText("admin@demo.test");
    }

    @Test
    void worksAtPhoneWidth() {
        page.setViewportSize(390, 844);
        signIn(Services.ADMIN);
        page.navigate("/webhooks/new");
        screenshot("phone-webhook-form");
        page.navigate("/");
        assertThat(page.getByTestId("connections")).isVisible();
        screenshot("phone-dashboard");
    }

    // ---- helpers

    private void signIn(String username) {
        page.navigate("/sign-in");
        page.getByLabel("E-mail address").fill(username);
        page.getByLabel("Password").fill(Services.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
    }

    private void createWebhook(String name, String url) {
        page.navigate("/webhooks/new");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true)).fill(url);
        page.getByLabel("QueueStatus").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create webhook")).click();
        assertThat(page.getByTestId("signing-secret")).containsText("whsec_");
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    private String base() {
        return console.toString().replaceAll("/$", "");
    }

    private HttpRequest form(String path, String session, String body) {
        return HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "cw_session=" + session)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The catalog's example of an event for the demo organization, with a fresh id, now, no expiry. */
    static ObjectNode event(String name, UUID entity) {
        ObjectNode event = EventCatalog.standard().find(name).orElseThrow().example();
        event.put("RootEntityId", Services.DEMO_ORGANIZATION.toString());
        event.put("EntityId", entity.toString());
        event.put("Id", UUID.randomUUID().toString());
        event.put("Timestamp", Instant.now().toString());
        event.put("MessageTTLSeconds", -1);
        if (event.has("QueueId")) {
            event.put("QueueId", entity.toString());
        }
        return event;
    }

    static void publish(ObjectNode event) {
        try (AmqpTestClient amqp = AmqpTestClient.connect()) {
            amqp.send(Addresses.EVENTS, event.toString(), Map.of(
                    Addresses.PROPERTY_EVENT_TYPE, event.get("EventType").asText(),
                    Addresses.PROPERTY_ENTITY_TYPE, event.get("EntityType").asText(),
                    Addresses.PROPERTY_ORGANIZATION_ID, event.get("RootEntityId").asText()));
        }
    }
}
