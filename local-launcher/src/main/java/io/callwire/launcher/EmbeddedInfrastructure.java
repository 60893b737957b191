package io.callwire.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.callwire.embedded.EmbeddedBroker;
import io.callwire.embedded.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL and AMQP 1.0 broker of the local run (with {@code --replicas} above one, a
 * {@link StandaloneBroker} process instead of the embedded broker). Both keep their data under the
 * data directory, so organizations, webhooks and undelivered messages survive a restart.
 */
final class EmbeddedInfrastructure implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedInfrastructure.class);

    /** One database per service: no service reads another's tables. */
    static final List<String> DATABASES = List.of("callwire_auth", "callwire_subscription", "callwire_notifier");

    static final String DATABASE_USER = EmbeddedDatabase.SUPERUSER;

    private final EmbeddedPostgres postgres;
    private final long postgresPid;
    private final AutoCloseable broker;

    private EmbeddedInfrastructure(EmbeddedPostgres postgres, long postgresPid, AutoCloseable broker) {
        this.postgres = postgres;
        this.postgresPid = postgresPid;
        this.broker = broker;
    }

    static EmbeddedInfrastructure start(LauncherOptions options) throws Exception {
        EmbeddedPostgres postgres = startPostgres(options);
        try {
            createDatabases(options.postgresPort());
            AutoCloseable broker = options.standaloneBroker()
                    ? StandaloneBroker.start(options.artemisHome().orElseThrow(() -> new IllegalStateException(
                            "--replicas needs CALLWIRE_ARTEMIS_HOME (run-local.sh sets it)")),
                            options.dataDirectory(), options.amqpPort(), options.dataDirectory().resolve("logs"))
                    : startBroker(options);
            return new EmbeddedInfrastructure(postgres, serverPid(options), broker);
        } catch (Exception e) {
            postgres.close();
            throw e;
        }
    }

    /** PID of the standalone broker's process; empty for the embedded broker (it lives in the launcher). */
    Optional<Long> brokerPid() {
        return broker instanceof StandaloneBroker standalone ? Optional.of(standalone.pid()) : Optional.empty();
    }

    /** PID of the PostgreSQL server, for run-local.sh to clean up after a launcher that was killed. */
    long postgresPid() {
        return postgresPid;
    }

    /**
     * The server's own pid, from its pid file: the process the embedded library starts is
     * {@code pg_ctl}, which exits as soon as the server is up.
     */
    private static long serverPid(LauncherOptions options) throws IOException {
        Path pidFile = options.dataDirectory().resolve("postgres").resolve("postmaster.pid");
        return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    }

    private static EmbeddedPostgres startPostgres(LauncherOptions options) {
        Path directory = options.dataDirectory().resolve("postgres");
        LOG.infof("Starting PostgreSQL on port %d (data in %s)", options.postgresPort(), directory);
        return EmbeddedDatabase.start(options.postgresPort(), Optional.of(directory),
                Optional.of(options.dataDirectory().resolve("logs").resolve("postgres.log")));
    }

    private static void createDatabases(int port) throws SQLException {
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, DATABASE_USER, "");
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?");
                Statement create = connection.createStatement()) {
            for (String database : DATABASES) {
                exists.setString(1, database);
                try (ResultSet row = exists.executeQuery()) {
                    if (!row.next()) {
                        create.execute("create database " + database);
                        LOG.infof("Created database %s", database);
                    }
                }
            }
        }
    }

    private static EmbeddedBroker startBroker(LauncherOptions options) {
        Path directory = options.dataDirectory().resolve("artemis");
        LOG.infof("Starting the AMQP 1.0 broker on port %d (data in %s)", options.amqpPort(), directory);
        return EmbeddedBroker.start("callwire-local", options.amqpPort(), directory);
    }

    @Override
    public void close() {
        try {
            broker.close();
        } catch (Exception e) {
            LOG.warnf("The broker did not stop cleanly: %s", e.getMessage());
        }
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warnf("PostgreSQL did not stop cleanly: %s", e.getMessage());
        }
    }
}
