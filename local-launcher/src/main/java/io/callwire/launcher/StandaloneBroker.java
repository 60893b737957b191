package io.callwire.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * An Apache Artemis broker from its own distribution (the {@code apache-artemis} bin archive of
 * Maven Central), run as a process of its own as a deployment runs it: the local run's broker when
 * services run as several replicas. The instance is created once under the data directory with
 * {@code artemis create} (all protocols, AMQP included, on one acceptor on loopback; no web console;
 * anonymous clients allowed, as the embedded broker allows them) and keeps its journal between runs.
 * Its {@code etc/broker.xml} declares notifier-service's durable queue as the deployment's
 * {@code k8s/infrastructure/artemis/broker.xml} does ({@link #declareNotifierQueue}).
 */
final class StandaloneBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StandaloneBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final String EVENTS = "callwire.events";
    /** notifier-service's shared durable queue on {@code callwire.events} (its {@code callwire.notifier.events.address}). */
    static final String NOTIFIER_QUEUE = "notifier-service";
    /**
     * As in the deployment's broker.xml. Left to be auto-created on the notifier's first attach, the queue
     * does not exist before that attach (events published earlier reach no queue), and Artemis removes an
     * auto-created queue that is empty and has no consumer when it restarts (AMQ224112): the events
     * accepted between the restart and the notifier's re-attachment were routed to no queue and lost.
     */
    private static final String NOTIFIER_QUEUE_DECLARATION = """
                  <!-- Callwire: notifier-service replicas compete on this declared durable queue (as in
                       k8s/infrastructure/artemis/broker.xml); an auto-created one would be removed when
                       empty and consumer-less at a restart, losing what is published before it re-attaches -->
                  <address name="%s">
                     <multicast>
                        <queue name="%s" group-rebalance="true" group-buckets="64">
                           <durable>true</durable>
                        </queue>
                     </multicast>
                  </address>
            """.formatted(EVENTS, NOTIFIER_QUEUE);

    private final Process process;
    private final int port;

    private StandaloneBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static StandaloneBroker start(Path artemisHome, Path dataDirectory, int port, Path logDirectory) throws Exception {
        Path artemis = artemisHome.resolve("bin").resolve("artemis");
        if (!Files.isExecutable(artemis)) {
            throw new IOException(artemis + " is missing: CALLWIRE_ARTEMIS_HOME must be an unpacked apache-artemis "
                    + "distribution (run-local.sh fetches it with --replicas)");
        }
        Path instance = dataDirectory.resolve("artemis-standalone");
        Path log = logDirectory.resolve("artemis.log");
        if (!Files.exists(instance.resolve("bin").resolve("artemis"))) {
            LOG.infof("Creating the Artemis broker instance in %s", instance);
            run(List.of(artemis.toString(), "create", instance.toString(), "--silent", "--force",
                    "--user", "callwire", "--password", "callwire", "--role", "amq", "--allow-anonymous",
                    "--host", "127.0.0.1", "--default-port", String.valueOf(port),
                    "--no-web", "--no-autotune", "--nio",
                    "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor"), log);
        }
        // also for an instance created by an earlier version of the launcher, which lacked it
        Path brokerXml = instance.resolve("etc").resolve("broker.xml");
        String configuration = Files.readString(brokerXml);
        String declared = declareNotifierQueue(configuration);
        if (!declared.equals(configuration)) {
            Files.writeString(brokerXml, declared);
        }
        LOG.infof("Starting the standalone Artemis broker on port %d (instance %s)", port, instance);
        ProcessBuilder builder = new ProcessBuilder(instance.resolve("bin").resolve("artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // the instance's profile asks for 512 MB to 2 GB of heap; a local run needs far less
        builder.environment().put("JAVA_ARGS_APPEND", "-Xms64m -Xmx512m");
        StandaloneBroker broker = new StandaloneBroker(builder.start(), port);
        broker.awaitListening(log);
        return broker;
    }

    /**
     * {@code broker.xml} with notifier-service's queue declared in its {@code <addresses>}; unchanged when
     * the queue is already declared there.
     */
    static String declareNotifierQueue(String brokerXml) {
        if (brokerXml.contains("<queue name=\"" + NOTIFIER_QUEUE + "\"")) {
            return brokerXml;
        }
        int end = brokerXml.indexOf("</addresses>");
        if (end < 0) {
            throw new IllegalStateException("the broker instance's broker.xml has no <addresses> section to declare "
                    + NOTIFIER_QUEUE + " in");
        }
        return brokerXml.substring(0, end) + NOTIFIER_QUEUE_DECLARATION + "      " + brokerXml.substring(end);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        // SIGTERM: the broker's shutdown hook closes the journal cleanly
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening(Path log) throws Exception {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Artemis broker exited during start-up; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    close();
                    throw new IllegalStateException("the Artemis broker is not listening on " + port + " after "
                            + READY_TIMEOUT.toSeconds() + " s; see " + log);
                }
                Thread.sleep(250);
            }
        }
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("'artemis create' failed; see " + log);
        }
    }
}
