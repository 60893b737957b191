package io.callwire.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link AmqpTestClient} for a test class, connected to the shared embedded broker before its first
 * test and closed after its last:
 * {@code @RegisterExtension static final AmqpClientExtension amqp = new AmqpClientExtension();}.
 * Registered on a static field, it runs after the class's {@code @QuarkusTest} has started the application.
 */
public final class AmqpClientExtension implements BeforeAllCallback, AfterAllCallback {

    private AmqpTestClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        client = AmqpTestClient.connect();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
    }

    /** The connected client. */
    public AmqpTestClient client() {
        return client;
    }
}
