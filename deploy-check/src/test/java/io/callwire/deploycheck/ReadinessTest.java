package io.callwire.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import io.callwire.embedded.EmbeddedBroker;
import io.callwire.embedded.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Kubernetes sees through the readiness probe: the packaged notifier-service (production
 * profile, a separate process) is ready with its database and broker, not ready while either is
 * unreachable, and ready again when it comes back, without a restart.
 */
class ReadinessTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path JAR = Repository.ROOT.resolve("notifier-service/target/quarkus-app/quarkus-run.jar");

    @TempDir
    Path data;
    private EmbeddedPostgres database;
    private EmbeddedBroker broker;
    private Process service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.destroy();
            service.waitFor();
        }
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void notReadyWhileTheDatabaseOrTheBrokerIsUnreachableAndReadyAgainWhenTheyReturn() throws Exception {
        // deploy-check depends on notifier-service (pom type): the reactor packages it before these tests
        assertThat(JAR).as("notifier-service packaged by the reactor").isRegularFile();
        int pgPort = freePort();
        int amqpPort = freePort();
        int httpPort = freePort();
        database = EmbeddedDatabase.start(pgPort, Optional.of(data.resolve("pg")), Optional.of(data.resolve("pg.log")));
        broker = EmbeddedBroker.start("readiness", amqpPort, data.resolve("broker"));
        service = start(pgPort, amqpPort, httpPort);
        awaitReadiness(httpPort, 200, Duration.ofSeconds(90));

        broker.close();
        broker = null;
        awaitReadiness(httpPort, 503, Duration.ofSeconds(60));
        broker = EmbeddedBroker.start("readiness", amqpPort, data.resolve("broker"));
        awaitReadiness(httpPort, 200, Duration.ofSeconds(60));

        database.close();
        database = null;
        awaitReadiness(httpPort, 503, Duration.ofSeconds(60));
        database = EmbeddedDatabase.start(pgPort, Optional.of(data.resolve("pg")), Optional.of(data.resolve("pg.log")));
        awaitReadiness(httpPort, 200, Duration.ofSeconds(60));
    }

    private Process start(int pgPort, int amqpPort, int httpPort) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java,
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
        command.addAll(command.size() - 2, io.callwire.testing.AuthServiceStandIn.systemProperties());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Repository.ROOT.resolve("deploy-check/target/readiness-test-notifier.log").toFile())
                .start();
    }

    private void awaitReadiness(int httpPort, int status, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!service.isAlive()) {
                throw new IllegalStateException("notifier-service exited; see target/readiness-test-notifier.log");
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == status;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
