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

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL and AMQP 1.0 broker of the local run. Both keep their data under the
 * data directory, so organizations, webhooks and undelivered messages survive a restart.
 */
final class EmbeddedInfrastructure implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedInfrastructure.class);

    /** One database per service: no service reads another's tables. */
    static final List<String> DATABASES = List.of("callwire_auth", "callwire_subscription", "callwire_notifier");

    static final String DATABASE_USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final EmbeddedActiveMQ broker;

    private EmbeddedInfrastructure(EmbeddedPostgres postgres, EmbeddedActiveMQ broker) {
        this.postgres = postgres;
        this.broker = broker;
    }

    static EmbeddedInfrastructure start(LauncherOptions options) throws Exception {
        EmbeddedPostgres postgres = startPostgres(options);
        try {
            createDatabases(options.postgresPort());
            return new EmbeddedInfrastructure(postgres, startBroker(options));
        } catch (Exception e) {
            postgres.close();
            throw e;
        }
    }

    /** PID of the PostgreSQL server, for run-local.sh to clean up after a launcher that was killed. */
    long postgresPid() {
        return postgres.getProcess().pid();
    }

    private static EmbeddedPostgres startPostgres(LauncherOptions options) throws IOException {
        Path directory = options.dataDirectory().resolve("postgres");
        Files.createDirectories(directory);
        // a server that was killed leaves its pid file behind; PostgreSQL then refuses to start
        Path stalePid = directory.resolve("postmaster.pid");
        if (Files.exists(stalePid) && !serverIsRunning(stalePid)) {
            Files.delete(stalePid);
        }
        LOG.infof("Starting PostgreSQL on port %d (data in %s)", options.postgresPort(), directory);
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(options.postgresPort())
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "200")
                .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(
                        options.dataDirectory().resolve("logs").resolve("postgres.log").toFile()))
                .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(
                        options.dataDirectory().resolve("logs").resolve("postgres.log").toFile()))
                .start();
    }

    private static boolean serverIsRunning(Path pidFile) {
        try {
            String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return ProcessHandle.of(Long.parseLong(firstLine)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
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

    private static EmbeddedActiveMQ startBroker(LauncherOptions options) throws Exception {
        Path directory = options.dataDirectory().resolve("artemis");
        LOG.infof("Starting the AMQP 1.0 broker on port %d (data in %s)", options.amqpPort(), directory);
        Configuration configuration = new ConfigurationImpl()
                .setName("callwire-local")
                // local only: the acceptor listens on loopback and nothing else reaches it
                .setSecurityEnabled(false)
                .setPersistenceEnabled(true)
                .setJournalDirectory(directory.resolve("journal").toString())
                .setBindingsDirectory(directory.resolve("bindings").toString())
                .setLargeMessagesDirectory(directory.resolve("large-messages").toString())
                .setPagingDirectory(directory.resolve("paging").toString())
                .setJMXManagementEnabled(false);
        configuration.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + options.amqpPort() + "?protocols=AMQP");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.start();
        return broker;
    }

    @Override
    public void close() {
        try {
            broker.stop();
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
