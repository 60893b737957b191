package io.callwire.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callwire.embedded.EmbeddedBroker;
import io.callwire.embedded.EmbeddedDatabase;
import io.callwire.testing.AuthServiceStandIn;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a log collector reads from a pod: the packaged notifier-service in its production profile
 * (a separate process, as in a container) writes every record as one line in the production shape
 * (time, level, category, thread, trace and span ids, message), and its start-up and first requests
 * leave no "already registered" meter WARN (the Vert.x clients' per-instance gauges, see
 * service-support's {@code VertxClientGauges}). JSON lines would need quarkus-logging-json, whose
 * deployment artifact the build machines' Maven mirror does not serve.
 */
class ProductionLogTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** {@code %prod.quarkus.log.console.format}: ISO time with offset, level, category, thread, trace and span ids. */
    private static final Pattern RECORD = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +"
                    + "\\[[^\\]]+\\] \\(.*\\) traceId=[0-9a-f]* spanId=[0-9a-f]* ");
    private static final Path JAR = Repository.ROOT.resolve("notifier-service/target/quarkus-app/quarkus-run.jar");
    private static final Path LOG = Repository.ROOT.resolve("deploy-check/target/production-log-test-notifier.log");

    @TempDir
    Path data;
    private EmbeddedPostgres database;
    private EmbeddedBroker broker;
    private Process service;

    @AfterEach
    void stop() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroyForcibly().waitFor();
        }
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everyProductionLogRecordIsOneLineInTheProductionShapeWithNoDuplicateMeterWarning() throws Exception {
        assertThat(JAR).as("notifier-service packaged by the reactor").isRegularFile();
        int pgPort = freePort();
        int amqpPort = freePort();
        int httpPort = freePort();
        database = EmbeddedDatabase.start(pgPort, Optional.of(data.resolve("pg")), Optional.of(data.resolve("pg.log")));
        broker = EmbeddedBroker.start("production-log", amqpPort, data.resolve("broker"));
        service = start(pgPort, amqpPort, httpPort);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> readiness(httpPort) == 200);

        // Concurrent readiness checks each borrow a pooled connection: the pool opens several, and
        // every new connection used to register the SQL client's gauges again.
        List<CompletableFuture<HttpResponse<Void>>> probes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            probes.add(HTTP.sendAsync(request(httpPort, "/q/health/ready"), HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        String metrics = HTTP.send(request(httpPort, "/q/metrics"), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).as("the SQL client's shared timers are still exported").contains("postgresql_queue_delay_seconds");

        service.destroy(); // SIGTERM, as Kubernetes stops a pod: the last lines are written too
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("notifier-service stopped on SIGTERM").isTrue();

        List<String> lines = Files.readAllLines(LOG).stream().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("console output of the production profile").isNotEmpty();
        // Every record starts a line in the one production shape (continuation lines of a stack
        // trace are indented or start with "Caused by"): what a collector's parser is configured with.
        List<String> records = lines.stream()
                .filter(line -> !Character.isWhitespace(line.charAt(0)) && !line.startsWith("Caused by")).toList();
        assertThat(records).as("production log records").allMatch(line -> RECORD.matcher(line).find());
        assertThat(records).as("the start-up line").anyMatch(line -> line.contains("started in"));
        assertThat(lines).as("meter registrations refused").noneMatch(line -> line.contains("has been already registered"));
    }

    private Process start(int pgPort, int amqpPort, int httpPort) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java,
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:" + pgPort + "/postgres",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "-Dquarkus.datasource.username=" + EmbeddedDatabase.SUPERUSER,
                "-Damqp-host=127.0.0.1",
                "-Damqp-port=" + amqpPort,
                "-Dmp.jwt.verify.publickey.location=http://127.0.0.1:1/jwks.json",
                "-Dcallwire.notifier.encryption-key=" + Base64.getEncoder().encodeToString(key),
                "-jar", JAR.toString()));
        // not ready until it has loaded the revocations in force from "auth-service"
        command.addAll(command.size() - 2, AuthServiceStandIn.systemProperties());
        // the console handler writes to stdout; stderr carries the JVM's own warnings, not log records
        return new ProcessBuilder(command).redirectOutput(LOG.toFile())
                .redirectError(LOG.resolveSibling("production-log-test-notifier.stderr").toFile()).start();
    }

    private static int readiness(int httpPort) throws InterruptedException {
        try {
            return HTTP.send(request(httpPort, "/q/health/ready"), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    private static HttpRequest request(int httpPort, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
