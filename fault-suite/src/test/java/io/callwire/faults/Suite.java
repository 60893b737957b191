package io.callwire.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.callwire.contract.security.Roles;
import io.callwire.embedded.EmbeddedBroker;
import io.callwire.embedded.EmbeddedDatabase;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.FreePorts;
import io.callwire.testing.JwksResource;
import io.callwire.testing.PackagedService;
import io.callwire.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The system the scenarios break: one PostgreSQL server (a database per service, as deployed), one
 * Artemis broker, and the packaged notifier-service and subscription-service as processes in the
 * production profile. Started once for the whole test run (the first scenario pays for it) and
 * stopped when the test JVM exits. PostgreSQL and the broker keep their data under
 * {@code target/fault-suite/}, so each can be stopped and started again on the same port with the
 * same data, as a restart in production.
 *
 * <p>auth-service is not started: callers' tokens are signed by {@link TestTokens} and verified
 * through {@link JwksResource}; subscription-service's own calls to auth-service (a
 * client-credentials token, the revocations in force) go to a stand-in on a free port.
 */
final class Suite {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path DATA = Path.of("target", "fault-suite").toAbsolutePath();
    private static Suite instance;

    private final int pgPort = FreePorts.next();
    private final int amqpPort = FreePorts.next();
    private EmbeddedPostgres database;
    private EmbeddedBroker broker;
    final PackagedService notifier;
    final PackagedService subscription;

    private Suite() {
        try {
            // a previous run's rows and queued messages would be delivered to receivers long gone
            if (Files.exists(DATA)) {
                try (var files = Files.walk(DATA)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                }
            }
            Files.createDirectories(DATA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startDatabase();
        createDatabases();
        startBroker();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        notifier = PackagedService.of("notifier-service")
                .properties(infrastructure("callwire_notifier"))
                // not ready until it has loaded the revocations in force from "auth-service"
                .properties(AuthServiceStandIn.properties())
                .property("callwire.notifier.encryption-key", Base64.getEncoder().encodeToString(key))
                .property("callwire.notifier.allowed-private-addresses", "127.0.0.0/8")
                // jobs a killed process had claimed are claimed again after this lease (production: longer)
                .property("callwire.notifier.delivery.lease", "5s")
                .properties(debugLogging())
                .environment(frameTrace())
                .build();
        subscription = PackagedService.of("subscription-service")
                .properties(infrastructure("callwire_subscription"))
                .property("callwire.rte.connection-token-key", "fault-suite-only-connection-token-key-0000000")
                .properties(AuthServiceStandIn.properties())
                .properties(debugLogging())
                .environment(frameTrace())
                .build();
        notifier.startProcess();
        subscription.startProcess();
        notifier.awaitReady();
        subscription.awaitReady();
    }

    /** The running suite, started on first use. */
    static synchronized Suite get() {
        if (instance == null) {
            instance = new Suite();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "fault-suite-stop"));
        }
        return instance;
    }

    private Map<String, String> infrastructure(String databaseName) {
        return Map.ofEntries(
                Map.entry("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + pgPort + "/" + databaseName),
                Map.entry("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + databaseName),
                Map.entry("quarkus.datasource.username", EmbeddedDatabase.SUPERUSER),
                Map.entry("quarkus.datasource.password", "postgres"),
                Map.entry("amqp-host", "127.0.0.1"),
                Map.entry("amqp-port", String.valueOf(amqpPort)),
                Map.entry("amqp-username", "callwire"),
                Map.entry("amqp-password", "callwire"),
                Map.entry("mp.jwt.verify.publickey.location", JwksResource.jwksUrl()),
                Map.entry("mp.jwt.verify.issuer", TestTokens.ISSUER),
                Map.entry("quarkus.log.category.\"org.apache.activemq.audit\".level", "WARN"));
    }

    /**
     * {@code -Dcallwire.faults.debug=true}: the services log their AMQP connector (SmallRye's and
     * Vert.x's) at DEBUG, to follow a reconnect in {@code target/service-logs/}.
     */
    private static Map<String, String> debugLogging() {
        if (!Boolean.getBoolean("callwire.faults.debug")) {
            return Map.of();
        }
        return Map.of("quarkus.log.category.\"io.smallrye.reactive.messaging.amqp\".level", "DEBUG",
                "quarkus.log.category.\"io.vertx.amqp\".level", "DEBUG",
                "quarkus.log.category.\"io.vertx.proton\".level", "DEBUG",
                "quarkus.log.category.\"io.callwire\".level", "DEBUG");
    }

    /** {@code -Dcallwire.faults.trace-frames=true}: every AMQP frame the services send and receive, in their logs. */
    private static Map<String, String> frameTrace() {
        return Boolean.getBoolean("callwire.faults.trace-frames") ? Map.of("PN_TRACE_FRM", "1") : Map.of();
    }

    /** The broker's queues of {@code callwire.events} and its dead-letter queue, for a failure message. */
    synchronized String brokerState() {
        return broker == null ? "broker stopped" : broker.describe(io.callwire.contract.messaging.Addresses.EVENTS);
    }

    /** The notifier's delivery jobs of the given events, counted by status (none: never ingested). */
    String notifierJobs(List<String> eventIds) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("callwire_notifier"), EmbeddedDatabase.SUPERUSER, "postgres");
             var statement = connection.prepareStatement(
                     "select status, count(*), min(created_at), max(created_at) from delivery where event_id = any(?) group by status")) {
            statement.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
            StringBuilder out = new StringBuilder();
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.append(rows.getString(1)).append('=').append(rows.getLong(2)).append(" (created ")
                            .append(rows.getTimestamp(3).toInstant()).append(" .. ").append(rows.getTimestamp(4).toInstant()).append(") ");
                }
            }
            return out.isEmpty() ? "no job" : out.toString();
        } catch (SQLException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    // ---- the infrastructure's faults

    /** Starts PostgreSQL on its port with its data directory (again, after {@link #stopDatabase()}). */
    synchronized void startDatabase() {
        database = EmbeddedDatabase.start(pgPort, Optional.of(DATA.resolve("pg")), Optional.of(DATA.resolve("pg.log")));
    }

    /** Stops PostgreSQL (a fast shutdown: connections are closed); the data stays. */
    synchronized void stopDatabase() {
        try {
            database.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = null;
    }

    /** Starts the broker on its port with its journal (again, after {@link #stopBroker()}). */
    synchronized void startBroker() {
        broker = EmbeddedBroker.start("fault-suite", amqpPort, DATA.resolve("broker"));
    }

    /** Stops the broker; durable messages stay in its journal. */
    synchronized void stopBroker() {
        broker.close();
        broker = null;
    }

    int amqpPort() {
        return amqpPort;
    }

    String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + databaseName;
    }

    /** Both services answer ready: every scenario starts and ends here. */
    void awaitHealthy() {
        if (database == null) {
            startDatabase();
        }
        if (broker == null) {
            startBroker();
        }
        for (PackagedService service : List.of(notifier, subscription)) {
            if (!service.isAlive()) {
                service.startProcess();
            }
        }
        notifier.awaitReadiness(200, Duration.ofSeconds(90));
        subscription.awaitReadiness(200, Duration.ofSeconds(90));
    }

    // ---- what a tenant does

    /** A token of a new org-admin of the organization (REST). */
    static String admin(UUID organization) {
        return TestTokens.access(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
    }

    /** A browser's RTE token of an org-admin of the organization (WebSocket). */
    static String rte(UUID organization) {
        return TestTokens.rte(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
    }

    /**
     * The JSON of a webhook for every {@code QueueStatus} of the organization.
     *
     * @param schedule {@code retry.scheduleSeconds}, e.g. {@code [0, 0.5, 1]}; the last delay repeats
     *                 up to 100 attempts
     */
    static String webhook(String name, String url, int timeoutMs, String schedule) {
        return """
                {"name": "%s", "url": "%s", "method": "POST", "events": ["QueueStatus"], "timeoutMs": %d,
                 "retry": {"maxAttempts": 100, "scheduleSeconds": %s}}
                """.formatted(name, url, timeoutMs, schedule);
    }

    /**
     * Records what a scenario observed (recovery times, counts) on the test's output and in
     * {@code target/fault-suite-observations.txt}, the source of RELIABILITY.md's figures.
     */
    static synchronized void note(String format, Object... arguments) {
        String line = java.time.Instant.now() + " " + format.formatted(arguments);
        System.out.println("[fault-suite] " + line);
        try {
            Files.writeString(Path.of("target", "fault-suite-observations.txt"), line + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a webhook (the JSON of a create) and returns its id. */
    String createWebhook(UUID organization, String json) {
        HttpResponse<String> response = postHonouringRetryAfter(notifier.url() + "/api/v1/webhooks", admin(organization), json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return new JsonObject(response.body()).getString("id");
    }

    /** Registers a Queue in subscription-service and returns its id. */
    UUID registerQueue(UUID organization) {
        UUID id = UUID.randomUUID();
        HttpResponse<String> response = postHonouringRetryAfter(subscription.url() + "/api/v1/entities", admin(organization),
                new JsonObject().put("entityType", "Queue").put("id", id.toString()).put("name", "Queue " + id).encode());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return id;
    }

    /**
     * A POST as a well-behaved client sends it: a 503 with {@code Retry-After} (a service just started
     * on a busy machine may not answer within its request deadline) is tried again, for up to 30 s.
     */
    static HttpResponse<String> postHonouringRetryAfter(String url, String token, String json) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> response = post(url, token, json);
            var retryAfter = response.headers().firstValue("Retry-After");
            if (response.statusCode() != 503 || retryAfter.isEmpty() || System.nanoTime() > deadline) {
                return response;
            }
            note("%s answered 503 (%s); retrying after %s s", url.replaceAll("http://[^/]+", ""),
                    new JsonObject(response.body()).getString("type"), retryAfter.get());
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(Math.min(5, Long.parseLong(retryAfter.get()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static HttpResponse<String> post(String url, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static HttpResponse<String> get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- set-up

    private void createDatabases() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), EmbeddedDatabase.SUPERUSER, "postgres");
             Statement statement = connection.createStatement()) {
            for (String name : List.of("callwire_notifier", "callwire_subscription")) {
                try (var exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                    if (exists.next()) {
                        continue;
                    }
                }
                statement.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void close() {
        subscription.stop();
        notifier.stop();
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            try {
                database.close();
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        }
    }
}
