package io.callwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import io.callwire.embedded.EmbeddedBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real AMQP 1.0 broker ({@link EmbeddedBroker}: ActiveMQ Artemis with a persistent journal in a
 * temporary folder) on a free port, configured as the AMQP connection of the application under
 * test. One broker per test JVM, like {@link PostgresResource}. {@link #restart()} stops and starts
 * it on the same port, for tests of what survives a broker restart.
 */
public class AmqpBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedBroker broker;

    /** Starts the shared broker if it is not running yet and returns its port. */
    public static synchronized int port() {
        if (broker == null) {
            try {
                broker = EmbeddedBroker.start("callwire-test-broker", FreePorts.next(),
                        Files.createTempDirectory("callwire-artemis"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-artemis-stop"));
        }
        return broker.port();
    }

    /** Stops the broker and starts it again on the same port with the same journal. */
    public static synchronized void restart() {
        port();
        broker.restart();
    }

    /** Messages of {@code address} handed to consumers and not settled yet (see {@link EmbeddedBroker#unsettled}). */
    public static synchronized long unsettled(String address) {
        port();
        return broker.unsettled(address);
    }

    /** The host the broker listens on. */
    public static String host() {
        return "127.0.0.1";
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
