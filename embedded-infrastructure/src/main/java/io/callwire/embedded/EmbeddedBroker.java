package io.callwire.embedded;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An ActiveMQ Artemis broker in this JVM with one AMQP 1.0 acceptor on loopback (and, if asked, a
 * second over TLS) and a persistent journal, so messages survive a {@link #restart()}. Security is
 * off: it is reachable only from this machine and exists for tests and the local run, never for a
 * deployment.
 *
 * <p>Addresses are created on first use and are multicast unless a client asks otherwise (Artemis's
 * default); messages that expire or are rejected too often go to {@code ExpiryQueue} and {@code DLQ}.
 * One queue is declared, as the deployment's {@code broker.xml} declares it: notifier-service's durable
 * queue {@value #NOTIFIER_QUEUE} on {@value #EVENTS}. Left to be auto-created on the notifier's first
 * attach, Artemis removes it when it is empty with no consumer (at a broker start, and by its
 * periodic reaper while no notifier is attached), and the events published until the notifier attached
 * again would be accepted and routed to no queue.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** The multicast address of the contact-center events (event-contract's {@code Addresses.EVENTS}). */
    static final String EVENTS = "callwire.events";
    /** notifier-service's shared durable queue on it ({@code callwire.notifier.events.address}). */
    static final String NOTIFIER_QUEUE = "notifier-service";

    private final String name;
    private final int port;
    private final Path dataDirectory;
    private final Tls tls;
    private EmbeddedActiveMQ server;

    /**
     * A second AMQP acceptor, TLS only, on {@code 127.0.0.1:port}, with the certificate and key of a PKCS#12
     * {@code keyStore}: for tests of clients that must speak TLS to the broker.
     */
    public record Tls(int port, Path keyStore, String password) {
    }

    private EmbeddedBroker(String name, int port, Path dataDirectory, Tls tls) {
        this.name = name;
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.tls = tls;
    }

    /** Starts a broker listening for AMQP on {@code 127.0.0.1:port}, its journal under {@code dataDirectory}. */
    public static EmbeddedBroker start(String name, int port, Path dataDirectory) {
        return start(name, port, dataDirectory, null);
    }

    /** Starts a broker as {@link #start(String, int, Path)} does, listening for AMQP over TLS too. */
    public static EmbeddedBroker start(String name, int port, Path dataDirectory, Tls tls) {
        EmbeddedBroker broker = new EmbeddedBroker(name, port, dataDirectory, tls);
        broker.startServer();
        return broker;
    }

    /** The AMQP port. */
    public int port() {
        return port;
    }

    /**
     * How many messages of an address the broker has handed to consumers that have neither accepted
     * nor refused them yet, over every queue bound to it: a consumer that never settles a message
     * holds it here for as long as its link lives.
     */
    public synchronized long unsettled(String address) {
        if (server == null) {
            return 0;
        }
        long total = 0;
        try {
            var bindings = server.getActiveMQServer().getPostOffice().lookupBindingsForAddress(SimpleString.of(address));
            if (bindings != null) {
                for (var binding : bindings.getBindings()) {
                    if (binding instanceof org.apache.activemq.artemis.core.postoffice.QueueBinding queueBinding) {
                        total += queueBinding.getQueue().getDeliveringCount();
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the bindings of " + address, e);
        }
        return total;
    }

    /**
     * What the broker holds for an address, for a test's failure message: each queue bound to it with
     * its messages, messages being delivered, consumers (and the connection each came on) and message
     * groups (which consumer each group is pinned to), and the dead-letter queue's count.
     */
    public synchronized String describe(String address) {
        if (server == null) {
            return "broker stopped";
        }
        StringBuilder out = new StringBuilder();
        try {
            var bindings = server.getActiveMQServer().getPostOffice().lookupBindingsForAddress(SimpleString.of(address));
            if (bindings != null) {
                for (var binding : bindings.getBindings()) {
                    if (binding instanceof org.apache.activemq.artemis.core.postoffice.QueueBinding queueBinding) {
                        describe(queueBinding.getQueue(), out);
                    }
                }
            }
            var dlq = server.getActiveMQServer().locateQueue(SimpleString.of("DLQ"));
            if (dlq != null) {
                describe(dlq, out);
            }
        } catch (Exception e) {
            out.append("(").append(e).append(")");
        }
        return out.toString();
    }

    private static void describe(org.apache.activemq.artemis.core.server.Queue queue, StringBuilder out) {
        out.append("queue ").append(queue.getName()).append(" durable=").append(queue.isDurable())
                .append(" messages=").append(queue.getMessageCount())
                .append(" delivering=").append(queue.getDeliveringCount())
                .append(" consumers=").append(queue.getConsumerCount())
                .append(" groups=").append(queue.getGroupCount()).append('\n');
        for (var consumer : queue.getConsumers()) {
            out.append("  consumer ").append(consumer.debug()).append('\n');
        }
        queue.getGroups().forEach((group, consumer) ->
                out.append("  group ").append(group).append(" -> ").append(consumer.debug()).append('\n'));
    }

    /**
     * Removes notifier-service's queue from {@value #EVENTS} until the next {@link #restart()}, for a run in
     * which no notifier consumes it (the fan-out benchmark): declared, it would keep every event published,
     * and the broker would hold and page an ever-growing backlog that a deployment, whose notifier drains
     * the queue, never has.
     */
    public synchronized void removeNotifierQueue() {
        try {
            server.getActiveMQServer().destroyQueue(SimpleString.of(NOTIFIER_QUEUE), null, false, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot remove the queue " + NOTIFIER_QUEUE + ": " + e.getMessage(), e);
        }
    }

    /** Messages waiting in one queue (0 when it does not exist). */
    public synchronized long messageCount(String queueName) {
        var queue = server == null ? null : server.getActiveMQServer().locateQueue(SimpleString.of(queueName));
        return queue == null ? 0 : queue.getMessageCount();
    }

    /** Stops the broker and starts it again on the same port with the same journal. */
    public synchronized void restart() {
        stopServer();
        startServer();
    }

    @Override
    public synchronized void close() {
        stopServer();
    }

    private synchronized void startServer() {
        Configuration configuration = new ConfigurationImpl()
                .setName(name)
                .setSecurityEnabled(false)
                .setPersistenceEnabled(true)
                .setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setJMXManagementEnabled(false)
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of("DLQ"))
                        .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                        .setAutoCreateDeadLetterResources(true)
                        .setAutoCreateExpiryResources(true))
                // declared, not auto-created: a declared queue is never removed for being empty
                .addAddressConfiguration(new CoreAddressConfiguration().setName(EVENTS)
                        .addRoutingType(RoutingType.MULTICAST)
                        .addQueueConfiguration(QueueConfiguration.of(NOTIFIER_QUEUE).setAddress(EVENTS)
                                .setRoutingType(RoutingType.MULTICAST).setDurable(true)));
        try {
            configuration.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
            if (tls != null) {
                configuration.addAcceptorConfiguration("amqps", "tcp://127.0.0.1:" + tls.port() + "?protocols=AMQP"
                        + ";sslEnabled=true;keyStoreType=PKCS12;keyStorePath=" + tls.keyStore()
                        + ";keyStorePassword=" + tls.password());
            }
            EmbeddedActiveMQ starting = new EmbeddedActiveMQ();
            starting.setConfiguration(configuration);
            starting.start();
            server = starting;
        } catch (Exception e) {
            throw new IllegalStateException("the embedded AMQP broker did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    private void stopServer() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // stopping for a restart or at exit: the journal is already on disk
            }
            server = null;
        }
    }
}
