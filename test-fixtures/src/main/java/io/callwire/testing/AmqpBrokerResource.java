package io.callwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real AMQP 1.0 broker (embedded ActiveMQ Artemis, persistent journal in a temporary folder) on a
 * free port, configured as the AMQP connection of the application under test. One broker per test
 * JVM, like {@link PostgresResource}. {@link #restart()} stops and starts it on the same port, for
 * tests of what survives a broker restart.
 */
public class AmqpBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedActiveMQ broker;
    private static int port;
    private static Path dataDirectory;

    /** Starts the shared broker if it is not running yet and returns its port. */
    public static synchronized int port() {
        if (broker == null) {
            try {
                port = FreePorts.next();
                dataDirectory = Files.createTempDirectory("callwire-artemis");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            startBroker();
            Runtime.getRuntime().addShutdownHook(new Thread(AmqpBrokerResource::stopBroker, "embedded-artemis-stop"));
        }
        return port;
    }

    /** Stops the broker and starts it again on the same port with the same journal. */
    public static synchronized void restart() {
        stopBroker();
        startBroker();
    }

    /** The host the broker listens on. */
    public static String host() {
        return "127.0.0.1";
    }

    private static void startBroker() {
        Configuration configuration = new ConfigurationImpl()
                .setName("callwire-test-broker")
                .setSecurityEnabled(false)
                .setPersistenceEnabled(true)
                .setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setJMXManagementEnabled(false);
        try {
            configuration.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
            broker = new EmbeddedActiveMQ();
            broker.setConfiguration(configuration);
            broker.start();
        } catch (Exception e) {
            throw new IllegalStateException("embedded AMQP broker did not start on port " + port, e);
        }
    }

    private static synchronized void stopBroker() {
        if (broker != null) {
            try {
                broker.stop();
            } catch (Exception ignored) {
                // stopping for a restart or at JVM exit: nothing to save
            }
        }
    }

    @Override
    public Map<String, String> start() {
        int brokerPort = port();
        return Map.of(
                "quarkus.amqp.devservices.enabled", "false",
                "amqp-host", host(),
                "amqp-port", String.valueOf(brokerPort),
                "amqp-username", "callwire",
                "amqp-password", "callwire",
                "quarkus.log.category.\"org.apache.activemq.audit\".level", "WARN",
                "quarkus.log.category.\"org.apache.activemq.artemis\".level", "WARN");
    }

    @Override
    public void stop() {
        // kept for the other test classes of this JVM; stopped by the shutdown hook
    }
}
