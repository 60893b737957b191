package io.callwire.deploycheck;

import io.callwire.embedded.EmbeddedBroker;
import io.callwire.embedded.EmbeddedDatabase;
import io.callwire.testing.FreePorts;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.PackagedService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
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

    @TempDir
    Path data;
    private EmbeddedPostgres database;
    private EmbeddedBroker broker;
    private PackagedService service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.stop();
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
        // deploy-check depends on notifier-service (pom type): the reactor packages it before these tests,
        // and the launcher fails (never skips) when its jar is missing
        int pgPort = FreePorts.next();
        int amqpPort = FreePorts.next();
        database = EmbeddedDatabase.start(pgPort, Optional.of(data.resolve("pg")), Optional.of(data.resolve("pg.log")));
        broker = EmbeddedBroker.start("readiness", amqpPort, data.resolve("broker"));
        service = start(pgPort, amqpPort);
        service.awaitReadiness(200, Duration.ofSeconds(90));

        broker.close();
        broker = null;
        service.awaitReadiness(503, Duration.ofSeconds(60));
        broker = EmbeddedBroker.start("readiness", amqpPort, data.resolve("broker"));
        service.awaitReadiness(200, Duration.ofSeconds(60));

        database.close();
        database = null;
        service.awaitReadiness(503, Duration.ofSeconds(60));
        database = EmbeddedDatabase.start(pgPort, Optional.of(data.resolve("pg")), Optional.of(data.resolve("pg.log")));
        service.awaitReadiness(200, Duration.ofSeconds(60));
    }

    private static PackagedService start(int pgPort, int amqpPort) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return PackagedService.of("notifier-service").name("readiness-test-notifier")
                .properties(AuthServiceStandIn.properties())
                .property("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + pgPort + "/postgres")
                .property("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres")
                .property("quarkus.datasource.username", EmbeddedDatabase.SUPERUSER)
                .property("amqp-host", "127.0.0.1")
                .property("amqp-port", String.valueOf(amqpPort))
                .property("mp.jwt.verify.publickey.location", "http://127.0.0.1:1/jwks.json")
                .property("callwire.notifier.encryption-key", Base64.getEncoder().encodeToString(key))
                .build()
                .startProcess();
    }
}
