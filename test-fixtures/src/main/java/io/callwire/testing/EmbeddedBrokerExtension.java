package io.callwire.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.callwire.embedded.EmbeddedBroker;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.core.Vertx;

/**
 * An embedded Artemis of a test's own, for code that talks to the broker without an application around it:
 * started on a free port before each test, closed after it (after the test's own {@code @AfterEach}). A test
 * may {@link #stop()} it and {@link #start()} it again, on the same port with the same journal, as a broker
 * that went away and came back:
 * {@code @RegisterExtension final EmbeddedBrokerExtension broker = new EmbeddedBrokerExtension();}.
 */
public final class EmbeddedBrokerExtension implements BeforeEachCallback, AfterEachCallback {

    private Path data;
    private int port;
    private EmbeddedBroker broker;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        data = Files.createTempDirectory("embedded-broker");
        port = FreePorts.next();
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** Starts the broker (again): the same port, the same journal. */
    public void start() {
        broker = EmbeddedBroker.start("test-broker", port, data);
    }

    /** Stops the broker; connections to it are refused until {@link #start()}. */
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker, to ask what it holds. */
    public EmbeddedBroker broker() {
        return broker;
    }

    public int port() {
        return port;
    }

    /** A client of this broker with its credentials. */
    public AmqpClient client(Vertx vertx) {
        return AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1").setPort(port)
                .setUsername("callwire").setPassword("callwire"));
    }

    /** A test client connected to this broker, to publish and listen; close it. */
    public AmqpTestClient connect() {
        return AmqpTestClient.connect("127.0.0.1", port);
    }
}
