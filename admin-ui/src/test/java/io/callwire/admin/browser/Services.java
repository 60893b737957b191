package io.callwire.admin.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.FreePorts;
import io.callwire.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real services for the console's tests: the packaged auth-service, subscription-service and
 * notifier-service jars of this build ({@code <module>/target/quarkus-app/quarkus-run.jar}) started as
 * processes with the {@code local} profile (demo tenant seeded, local-only keys), against the embedded
 * PostgreSQL (one database each) and the embedded AMQP broker of test-fixtures. Started once for the
 * whole test run; their output goes to {@code target/service-logs/}.
 */
public class Services implements QuarkusTestResourceLifecycleManager {

    /** The demo tenant the local profile seeds (auth-service README). */
    public static final UUID DEMO_ORGANIZATION = UUID.fromString("6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f");
    public static final String ADMIN = "admin@demo.test";
    public static final String PLATFORM_ADMIN = "root@callwire.test";
    public static final String PASSWORD = "demo";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Process> processes = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            int pgPort = PostgresResource.server().getPort();
            createDatabases(pgPort);
            int amqpPort = AmqpBrokerResource.port();
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String service : List.of("auth-service", "subscription-service", "notifier-service")) {
                ports.put(service, FreePorts.next());
            }
            // the console's own port is chosen here: subscription-service must allow its origin (CORS
            // applies to the browser's WebSocket upgrade too)
            int consolePort = FreePorts.next();
            String authUrl = "http://localhost:" + ports.get("auth-service");
            String subscriptionUrl = "http://localhost:" + ports.get("subscription-service");
            String notifierUrl = "http://localhost:" + ports.get("notifier-service");
            Path root = Path.of("").toAbsolutePath().getParent();
            Path logs = Path.of("target", "service-logs");
            Files.createDirectories(logs);
            for (var service : ports.entrySet()) {
                Map<String, String> environment = new HashMap<>();
                environment.put("AMQP_HOST", AmqpBrokerResource.host());
                environment.put("AMQP_PORT", String.valueOf(amqpPort));
                environment.put("AMQP_USERNAME", "callwire");
                environment.put("AMQP_PASSWORD", "callwire");
                environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", authUrl + "/.well-known/jwks.json");
                environment.put("MP_JWT_VERIFY_ISSUER", authUrl);
                environment.put("CALLWIRE_AUTH_URL", authUrl);
                environment.put("CALLWIRE_AUTH_ISSUER", authUrl);
                environment.put("CALLWIRE_AUTH_RTE_WSS_ENDPOINT", subscriptionUrl.replace("http://", "ws://") + "/rte");
                environment.put("QUARKUS_HTTP_CORS_ORIGINS", "http://localhost:" + consolePort);
                String database = "callwire_" + service.getKey().replace("-service", "");
                String address = "localhost:" + pgPort + "/" + database;
                environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + address);
                environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + address);
                environment.put("QUARKUS_DATASOURCE_USERNAME", PostgresResource.USERNAME);
                environment.put("QUARKUS_DATASOURCE_PASSWORD", PostgresResource.PASSWORD);
                environment.put("QUARKUS_LOG_CATEGORY__ORG_APACHE_ACTIVEMQ_AUDIT__LEVEL", "WARN");
                processes.add(launch(root, service.getKey(), service.getValue(), environment, logs));
            }
            awaitReady(ports);
            Map<String, String> config = new HashMap<>();
            config.put("callwire.auth-url", authUrl);
            config.put("callwire.subscription-url", subscriptionUrl);
            config.put("callwire.notifier-url", notifierUrl);
            config.put("quarkus.http.test-port", String.valueOf(consolePort));
            System.setProperty("quarkus.http.test-port", String.valueOf(consolePort));
            config.putAll(new AmqpBrokerResource().start());
            return config;
        } catch (IOException | java.sql.SQLException e) {
            stop();
            throw new IllegalStateException("the services did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static Process launch(Path root, String service, int port, Map<String, String> environment, Path logs)
            throws IOException {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: the reactor packages " + service + " before admin-ui");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Dquarkus.profile=local", "-Dquarkus.http.port=" + port,
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(service + ".log").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private void awaitReady(Map<String, Integer> ports) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Map<String, Integer> waiting = new LinkedHashMap<>(ports);
        while (!waiting.isEmpty()) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a service exited during start-up; see admin-ui/target/service-logs/");
                }
            }
            waiting.entrySet().removeIf(service -> ready(service.getValue()));
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not ready after " + READY_TIMEOUT + ": " + waiting.keySet());
            }
            if (!waiting.isEmpty()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static boolean ready(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void createDatabases(int port) throws java.sql.SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                PostgresResource.USERNAME, PostgresResource.PASSWORD);
                Statement statement = connection.createStatement()) {
            for (String database : List.of("callwire_auth", "callwire_subscription", "callwire_notifier")) {
                var exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'");
                if (!exists.next()) {
                    statement.execute("create database " + database);
                }
            }
        }
    }
}
