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
 */
record LauncherOptions(Path repositoryRoot, Path dataDirectory, int postgresPort, int amqpPort,
        Map<String, Integer> servicePorts, boolean simulator, int simulatorRate) {

    static final List<String> SERVICES = List.of("auth-service", "subscription-service", "notifier-service", "admin-ui");

    static final String USAGE = """
            Usage: ./run-local.sh [--no-simulator] [--rate EVENTS_PER_SECOND] [--no-build]

            Starts Callwire on this machine: an embedded PostgreSQL and AMQP 1.0 broker, the four
            services and the simulator's demo traffic for the organization "Demo Contact Center".
            Ctrl+C stops everything it started; so does the death of any service. One run per
            data directory: a second start refuses while the first is alive.

              --no-simulator   do not publish demo traffic
              --rate N         demo events per second (default 20)
              --no-build       start the jars as they are, without rebuilding what is older than its sources
              --help           this text

            Environment (defaults in brackets):
              CALLWIRE_PG_PORT [5433]  CALLWIRE_AMQP_PORT [5672]
              AUTH_SERVICE_PORT [8081]  SUBSCRIPTION_SERVICE_PORT [8082]
              NOTIFIER_SERVICE_PORT [8083]  ADMIN_UI_PORT [8080]
              CALLWIRE_DATA_DIR [.callwire-data]
            """;

    /** Reads the command line and the environment; throws {@link IllegalArgumentException} on a bad option. */
    static LauncherOptions parse(String[] args, Map<String, String> env, Path repositoryRoot) {
        boolean simulator = true;
        int rate = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-simulator" -> simulator = false;
                case "--rate" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--rate needs a number of events per second");
                    }
                    rate = positive("--rate", args[++i]);
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
                simulator, rate);
    }

    int port(String service) {
        return servicePorts.get(service);
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
