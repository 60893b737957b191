package io.callwire.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

/**
 * {@code ./run-local.sh}: the whole suite on one machine with nothing installed but a JDK. Starts
 * the embedded PostgreSQL and broker, the four services with the {@code local} profile, waits until
 * every one answers on {@code /q/health/ready}, prints where everything is, then publishes the
 * simulator's demo traffic until Ctrl+C or SIGTERM, which stops everything it started.
 */
public final class LocalLauncher {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final LauncherOptions options;
    private final List<ServiceProcess> services = new ArrayList<>();
    private EmbeddedInfrastructure infrastructure;
    private AutoCloseable simulator;

    private LocalLauncher(LauncherOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            print(LauncherOptions.USAGE);
            return;
        }
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, System.getenv(), Path.of(System.getProperty("callwire.root", ".")));
        } catch (IllegalArgumentException e) {
            print("run-local: " + e.getMessage() + "\n\n" + LauncherOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalLauncher launcher = new LocalLauncher(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            launcher.stop();
            stopped.countDown();
        }, "callwire-local-stop"));
        try {
            launcher.start();
        } catch (Exception e) {
            log().errorf("Callwire did not start: %s", e.getMessage());
            System.exit(1);
        }
        launcher.watch();
        stopped.await();
    }

    private void start() throws Exception {
        Files.createDirectories(options.dataDirectory().resolve("logs"));
        Files.createDirectories(options.dataDirectory().resolve("run"));
        infrastructure = EmbeddedInfrastructure.start(options);
        recordPid("postgres", infrastructure.postgresPid());
        if (infrastructure.brokerPid().isPresent()) {
            recordPid("artemis", infrastructure.brokerPid().get());
        }

        for (String module : LauncherOptions.SERVICES) {
            for (int n = 1; n <= options.replicasOf(module); n++) {
                String name = LauncherOptions.replicaName(module, n);
                Map<String, String> environment = environmentFor(module);
                if (options.replicasOf(module) > 1) {
                    // the sessions list names the replica that holds each connection
                    environment.put("CALLWIRE_RTE_REPLICA_NAME", name);
                }
                ServiceProcess service = ServiceProcess.start(name, options.port(module, n),
                        ServiceProcess.runnableJar(options.repositoryRoot(), module), environment,
                        options.dataDirectory().resolve("logs"));
                services.add(service);
                recordPid(name, service.pid());
                log().infof("Started %s (pid %d) on port %d", name, service.pid(), service.port());
            }
        }
        awaitReadiness();
        if (options.simulator()) {
            simulator = DemoTraffic.start(options);
        }
        print(banner());
    }

    /** What every service is told about where the others are; the rest is in its own defaults. */
    private Map<String, String> environmentFor(String service) {
        Map<String, String> environment = new HashMap<>();
        String authUrl = "http://localhost:" + options.port("auth-service");
        environment.put("AMQP_HOST", "127.0.0.1");
        environment.put("AMQP_PORT", String.valueOf(options.amqpPort()));
        environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", authUrl + "/.well-known/jwks.json");
        environment.put("MP_JWT_VERIFY_ISSUER", authUrl);
        environment.put("CALLWIRE_AUTH_URL", authUrl);
        environment.put("CALLWIRE_SUBSCRIPTION_URL", "http://localhost:" + options.port("subscription-service"));
        environment.put("CALLWIRE_NOTIFIER_URL", "http://localhost:" + options.port("notifier-service"));
        environment.put("CALLWIRE_AUTH_ISSUER", authUrl);
        environment.put("CALLWIRE_AUTH_RTE_WSS_ENDPOINT", "ws://localhost:" + options.port("subscription-service") + "/rte");
        // the console's live-events page opens subscription-service's WebSocket from the browser (CORS checks its origin)
        environment.put("QUARKUS_HTTP_CORS_ORIGINS", "http://localhost:" + options.port("admin-ui"));
        String database = switch (service) {
            case "auth-service" -> "callwire_auth";
            case "subscription-service" -> "callwire_subscription";
            case "notifier-service" -> "callwire_notifier";
            default -> null;
        };
        if (database != null) {
            String address = "localhost:" + options.postgresPort() + "/" + database;
            environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + address);
            environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + address);
            environment.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedInfrastructure.DATABASE_USER);
        }
        return environment;
    }

    private void awaitReadiness() throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        List<ServiceProcess> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty()) {
            for (ServiceProcess service : List.copyOf(waiting)) {
                if (!service.isAlive()) {
                    throw new IllegalStateException(service.name() + " exited during start-up; see "
                            + options.dataDirectory().resolve("logs").resolve(service.name() + ".log"));
                }
                if (service.isReady()) {
                    log().infof("%s is ready", service.name());
                    waiting.remove(service);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + " s: "
                        + waiting.stream().map(ServiceProcess::name).collect(Collectors.joining(", ")));
            }
            if (!waiting.isEmpty()) {
                Thread.sleep(500);
            }
        }
    }

    /**
     * A service (or PostgreSQL, or the standalone broker) that dies while the suite runs ends the run:
     * the launcher says which one and where its log is, stops everything else and exits with status 1.
     * A half-running suite that looks alive is worse than none. With {@code --replicas}, a replica that
     * dies while another replica of its service runs is only reported: the others carry on.
     */
    private void watch() {
        for (ServiceProcess service : services) {
            ProcessHandle.of(service.pid()).ifPresentOrElse(
                    handle -> handle.onExit().thenRun(() -> died(service.name(), service.pid())),
                    () -> died(service.name(), service.pid()));
        }
        long postgres = infrastructure.postgresPid();
        ProcessHandle.of(postgres).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> died("postgres", postgres)),
                () -> died("postgres", postgres));
        infrastructure.brokerPid().ifPresent(broker -> ProcessHandle.of(broker).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> died("artemis", broker)),
                () -> died("artemis", broker)));
    }

    private void died(String name, long pid) {
        if (stopping) {
            return;
        }
        String module = LauncherOptions.REPLICATED.stream().filter(m -> name.equals(m) || name.startsWith(m + "-"))
                .findFirst().orElse(null);
        if (module != null && options.replicasOf(module) > 1) {
            List<String> alive = services.stream().filter(ServiceProcess::isAlive).map(ServiceProcess::name)
                    .filter(other -> other.equals(module) || other.startsWith(module + "-")).toList();
            if (!alive.isEmpty()) {
                // the point of several replicas: the others carry on, as a Deployment's pods do
                log().warnf("%s (pid %d) exited; %s carries on. Its log: %s", name, pid, String.join(", ", alive),
                        options.dataDirectory().resolve("logs").resolve(name + ".log"));
                return;
            }
        }
        log().errorf("%s (pid %d) exited unexpectedly; stopping the rest of Callwire. Its log: %s", name, pid,
                options.dataDirectory().resolve("logs").resolve(name + ".log"));
        // exit from a thread of its own: System.exit waits for the shutdown hook, which stops the rest
        new Thread(() -> System.exit(1), "callwire-local-failed").start();
    }

    private volatile boolean stopping;

    private synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        log().info("Stopping Callwire ...");
        if (simulator != null) {
            try {
                simulator.close();
            } catch (Exception e) {
                log().warnf("The simulator did not stop cleanly: %s", e.getMessage());
            }
        }
        services.parallelStream().forEach(service -> service.stop(STOP_GRACE));
        if (infrastructure != null) {
            infrastructure.close();
        }
        try {
            Files.deleteIfExists(options.dataDirectory().resolve("run").resolve("pids"));
        } catch (IOException ignored) {
            // run-local.sh finds nothing alive behind a stale file
        }
        log().info("Stopped.");
    }

    private void recordPid(String name, long pid) throws IOException {
        Files.writeString(options.dataDirectory().resolve("run").resolve("pids"), pid + " " + name + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private String banner() {
        String simulatorLine = options.simulator()
                ? "Simulator: " + options.simulatorRate() + " events/s for \"Demo Contact Center\" on callwire.events"
                : "Simulator: off (--no-simulator)";
        return """

                Callwire is running.
                  admin-ui              %s
                  auth-service          %s   (OpenAPI: /q/swagger-ui)
                  subscription-service  %s   (WebSocket: ws://localhost:%d/rte)
                  notifier-service      %s%s
                  PostgreSQL            localhost:%d  (user postgres; databases %s)
                  AMQP 1.0 broker       localhost:%d  (address callwire.events%s)

                Demo sign-ins, password "demo": root@callwire.test (platform-admin), admin@demo.test (org-admin),
                  supervisor@demo.test (supervisor), agent1@demo.test ... agent5@demo.test (agent)
                Integration client: demo-integration / demo-secret
                Try: curl -d grant_type=password -d username=admin@demo.test -d password=demo localhost:%d/oauth/token

                %s
                Logs: %s
                Ctrl+C stops everything.
                """.formatted(
                url("admin-ui"), url("auth-service"), url("subscription-service"), options.port("subscription-service"),
                url("notifier-service"), replicaLines(), options.postgresPort(),
                String.join(", ", EmbeddedInfrastructure.DATABASES), options.amqpPort(),
                options.standaloneBroker() ? "; standalone Apache Artemis, logs/artemis.log" : "",
                options.port("auth-service"), simulatorLine,
                options.dataDirectory().resolve("logs"));
    }

    /** The further replicas of the replicated services, one line each (empty with one replica). */
    private String replicaLines() {
        StringBuilder lines = new StringBuilder();
        for (String module : LauncherOptions.REPLICATED) {
            for (int n = 2; n <= options.replicasOf(module); n++) {
                int port = options.port(module, n);
                lines.append("%n  %-21s %s%s".formatted(LauncherOptions.replicaName(module, n), "http://localhost:" + port,
                        module.equals("subscription-service") ? "   (WebSocket: ws://localhost:" + port + "/rte)" : ""));
            }
        }
        return lines.toString();
    }

    private String url(String service) {
        return "http://localhost:" + options.port(service);
    }

    private static Logger log() {
        return Logger.getLogger(LocalLauncher.class);
    }

    /** The launcher's own console output: usage and the banner, for the person at the terminal. */
    private static void print(String text) {
        System.out.println(text);
    }
}
