package io.callwire.simulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/** Parses the command line of {@link SimulatorMain} into a {@link SimulatorConfig}. */
final class SimulatorArguments {

    /** A command line that cannot run; the message says what is wrong. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. */
    record Parsed(SimulatorConfig config, boolean help) {
    }

    static final String USAGE = """
            Usage: java -jar simulator.jar [options]

            Publishes simulated contact-center events (calls, agent states, queue status, callbacks)
            to the AMQP 1.0 address callwire.events, as the contact-center core would.

            Broker:
              --host <host>             AMQP broker host (env AMQP_HOST, default localhost)
              --port <port>             AMQP broker port (env AMQP_PORT, default 5672)
              --username <user>         AMQP user (env AMQP_USERNAME, default none: anonymous)
              --password <password>     AMQP password (env AMQP_PASSWORD; prefer the environment)
              --address <address>       target address (default callwire.events)

            Traffic:
              --demo                    simulate the demo organization "Demo Contact Center" with its
                                        fixed ids (agents 1-5, supervisor, Sales/Support/Billing,
                                        2 call lists); ignores the four options below
              --organizations <n>       generated organizations (default 1)
              --users <n>               agents per organization (default 10)
              --queues <n>              service queues per organization (default 3)
              --call-lists <n>          callback lists per organization (default 2)
              --rate <events/s>         events per second, may be fractional (default 20)
              --seed <long>             random seed; the same seed gives the same traffic (default 42)
              --count <n>               stop after n events (default: no limit)
              --duration <time>         stop after this long: 90s, 5m, 1h or ISO-8601 PT90S (default: no limit)
              --max-in-flight <n>       most unacknowledged messages (default 1024)

              --help                    print this help and exit

            Without --count or --duration it runs until Ctrl+C. While the broker is unreachable it
            retries. Exit codes: 0 done, 1 events refused or lost (or none accepted), 2 bad options.
            """;

    private SimulatorArguments() {
    }

    static Parsed parse(String[] args, Map<String, String> env) throws UsageException {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            return new Parsed(SimulatorConfig.builder().build(), true);
        }
        SimulatorConfig.Builder builder = SimulatorConfig.builder();
        if (env.get("AMQP_HOST") != null) {
            builder.host(env.get("AMQP_HOST"));
        }
        if (env.get("AMQP_PORT") != null) {
            builder.port(integer("AMQP_PORT", env.get("AMQP_PORT")));
        }
        String username = env.get("AMQP_USERNAME");
        String password = env.get("AMQP_PASSWORD");
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--demo" -> {
                    if (value != null) {
                        throw new UsageException("--demo takes no value");
                    }
                    builder.demo(true);
                }
                case "--host", "--port", "--username", "--password", "--address", "--organizations", "--users",
                     "--queues", "--call-lists", "--rate", "--seed", "--count", "--duration", "--max-in-flight" -> {
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new UsageException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--host" -> builder.host(value);
                        case "--port" -> builder.port(integer(arg, value));
                        case "--username" -> username = value;
                        case "--password" -> password = value;
                        case "--address" -> builder.address(value);
                        case "--organizations" -> builder.organizations(integer(arg, value));
                        case "--users" -> builder.usersPerOrganization(integer(arg, value));
                        case "--queues" -> builder.queuesPerOrganization(integer(arg, value));
                        case "--call-lists" -> builder.callListsPerOrganization(integer(arg, value));
                        case "--rate" -> builder.rate(decimal(arg, value));
                        case "--seed" -> builder.seed(longValue(arg, value));
                        case "--count" -> builder.maxEvents(longValue(arg, value));
                        case "--duration" -> builder.duration(duration(value));
                        case "--max-in-flight" -> builder.maxInFlight(integer(arg, value));
                        default -> throw new IllegalStateException(arg);
                    }
                }
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        if (password != null && username == null) {
            throw new UsageException("a password (--password or AMQP_PASSWORD) needs a user name (--username or AMQP_USERNAME)");
        }
        builder.credentials(username, password);
        try {
            return new Parsed(builder.build(), help);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static Duration duration(String value) throws UsageException {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt") || text.startsWith("p")) {
                return Duration.parse(value.trim());
            }
            long amount;
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            char unit = text.charAt(text.length() - 1);
            amount = Long.parseLong(Character.isDigit(unit) ? text : text.substring(0, text.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> {
                    if (Character.isDigit(unit)) {
                        yield Duration.ofSeconds(amount);
                    }
                    throw new NumberFormatException();
                }
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new UsageException("--duration must be like 90s, 5m, 1h or PT90S, got '" + value + "'");
        }
    }

    private static int integer(String option, String value) throws UsageException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + value + "'");
        }
    }

    private static long longValue(String option, String value) throws UsageException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + value + "'");
        }
    }

    private static double decimal(String option, String value) throws UsageException {
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number, got '" + value + "'");
        }
    }
}
