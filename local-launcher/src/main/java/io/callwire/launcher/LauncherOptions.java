package io.callwire.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the local run starts and where: ports come from the environment (so that a machine where
 * 5672 or 5433 is taken can move them), switches from the command line.
 *
 * @param repositoryRoot  the checkout; services run from their {@code target/quarkus-app}
 * @param dataDirectory   where PostgreSQL and the broker keep their data between runs
 * @param postgresPort    {@code CALLWIRE_PG_PORT}, default 5433
 * @param amqpPort        {@code CALLWIRE_AMQP_PORT}, default 5672
 * @param servicePorts    {@code AUTH_SERVICE_PORT}, {@code SUBSCRIPTION_SERVICE_PORT},
 *                        {@code NOTIFIER_SERVICE_PORT}, {@code ADMIN_UI_PORT}
 * @param simulator       false with {@code --no-simulator}
 * @param simulatorRate   {@code --rate N}: demo events per second
 * @param replicas        {@code --replicas N}: replicas of subscription-service and notifier-service
 *                        (more than one runs a standalone Artemis broker instead of the embedded one)
 * @param artemisHome     {@code CALLWIRE_ARTEMIS_HOME}: the unpacked Apache Artemis distribution the
 *                        standalone broker runs from (run-local.sh fetches it from Maven Central)
 */
record LauncherOptions(Path repositoryRoot, Path dataDirectory, int postgresPort, int amqpPort,
        Map<String, Integer> servicePorts, boolean simulator, int simulatorRate, int replicas,
        java.util.Optional<Path> artemisHome) {

    static final List<String> SERVICES = List.of("auth-service", "subscription-service", "notifier-service", "admin-ui");
    /** The services that run as several replicas with {@code --replicas}. */
    static final List<String> REPLICATED = List.of("subscription-service", "notifier-service");
    static final int MAX_REPLICAS = 4;
    /** Replica n (1-based) of a service listens on its port + (n - 1) x this. */
    static final int REPLICA_PORT_STEP = 1000;

    static final String USAGE = """
            Usage: ./run-local.sh [--no-simulator] [--rate EVENTS_PER_SECOND] [--replicas N] [--no-build]

            Starts Callwire on this machine: an embedded PostgreSQL and AMQP 1.0 broker, the four
            services and the simulator's demo traffic for the organization "Demo Contact Center".
            Ctrl+C stops everything it started; so does the death of any service. One run per
            data directory: a second start refuses while the first is alive.

              --no-simulator   do not publish demo traffic
              --rate N         demo events per second (default 20)
              --replicas N     N (1-4) replicas of subscription-service and notifier-service; replica n
                               listens on the service's port + (n-1) x 1000 (8082, 9082, ...). With N > 1
                               the broker is a standalone Apache Artemis (fetched once into the data
                               directory) instead of the embedded one
              --no-build       start the jars as they are, without rebuilding what is older than its sources
              --help           this text

            Environment (defaults in brackets):
              CALLWIRE_PG_PORT [5433]  CALLWIRE_AMQP_PORT [5672]
              AUTH_SERVICE_PORT [8081]  SUBSCRIPTION_SERVICE_PORT [8082]
              NOTIFIER_SERVICE_PORT [8083]  ADMIN_UI_PORT [8080]
              CALLWIRE_DATA_DIR [.callwire-data]  CALLWIRE_ARTEMIS_HOME [fetched by run-local.sh]
            """;

    /** Reads the command line and the environment; throws {@link IllegalArgumentException} on a bad option. */
    static LauncherOptions parse(String[] args, Map<String, String> env, Path repositoryRoot) {
        boolean simulator = true;
        int rate = 20;
        int replicas = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-simulator" -> simulator = false;
                case "--rate" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--rate needs a number of events per second");
                    }
                    rate = positive("--rate", args[++i]);
                }
                case "--replicas" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--replicas needs a number of replicas (1-" + MAX_REPLICAS + ")");
                    }
                    replicas = positive("--replicas", args[++i]);
                    if (replicas > MAX_REPLICAS) {
                        throw new IllegalArgumentException("--replicas must be 1-" + MAX_REPLICAS + ", was " + replicas);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path data = Path.of(env.getOrDefault("CALLWIRE_DATA_DIR", repositoryRoot.resolve(".callwire-data").toString()));
        return new LauncherOptions(repositoryRoot.toAbsolutePath(), data.toAbsolutePath(),
                port(env, "CALLWIRE_PG_PORT", 5433), port(env, "CALLWIRE_AMQP_PORT", 5672),
                Map.of("auth-service", port(env, "AUTH_SERVICE_PORT", 8081),
                        "subscription-service", port(env, "SUBSCRIPTION_SERVICE_PORT", 8082),
                        "notifier-service", port(env, "NOTIFIER_SERVICE_PORT", 8083),
                        "admin-ui", port(env, "ADMIN_UI_PORT", 8080)),
                simulator, rate, replicas,
                java.util.Optional.ofNullable(env.get("CALLWIRE_ARTEMIS_HOME")).filter(h -> !h.isBlank()).map(Path::of));
    }

    int port(String service) {
        return servicePorts.get(service);
    }

    /** How many replicas of a service run. */
    int replicasOf(String service) {
        return REPLICATED.contains(service) ? replicas : 1;
    }

    /** The port of replica {@code n} (1-based) of a service. */
    int port(String service, int n) {
        return port(service) + (n - 1) * REPLICA_PORT_STEP;
    }

    /** The name of replica {@code n} (1-based): the service's own for the first, then {@code -2}, {@code -3} ... */
    static String replicaName(String service, int n) {
        return n == 1 ? service : service + "-" + n;
    }

    /** Whether the broker is a standalone Artemis (several replicas) rather than the embedded one. */
    boolean standaloneBroker() {
        return replicas > 1;
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        int port = positive(name, value);
        if (port > 65535) {
            throw new IllegalArgumentException(name + " must be a TCP port (1-65535), was " + value);
        }
        return port;
    }

    private static int positive(String name, String value) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number <= 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number, was '" + value + "'");
        }
    }
}
