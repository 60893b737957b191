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
 */
final class StandaloneBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StandaloneBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

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
