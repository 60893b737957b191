package io.callwire.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a service module really reads, to check the environment variables a
 * Deployment sets (an unread variable is a typo or a leftover that silently does nothing). Read
 * from the module itself: the keys of its {@code application.properties} and the
 * {@code ${VARIABLE}}s it expands, the {@code @ConfigMapping} interfaces and {@code @ConfigProperty}
 * names in its sources, and the keys Quarkus extensions read that a module seldom writes down
 * (passwords, shutdown timeout), each only when the module's pom has that extension.
 */
public final class ConfigKeys {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\"]+)");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern METHOD = Pattern.compile("\\b([a-z][A-Za-z0-9]*)\\(\\)\\s*;");

    /**
     * Keys Quarkus or SmallRye read at run time without the module naming them, with the artifact
     * that must be in the module's pom for the key to mean anything ("" = any Quarkus service).
     */
    private static final List<String[]> FRAMEWORK_KEYS = List.of(
            new String[] {"quarkus.profile", ""},
            new String[] {"quarkus.shutdown.timeout", ""},
            new String[] {"quarkus.http.port", ""},
            new String[] {"quarkus.log.level", ""},
            new String[] {"quarkus.otel.sdk.disabled", "quarkus-opentelemetry"},
            new String[] {"quarkus.otel.exporter.otlp.endpoint", "quarkus-opentelemetry"},
            new String[] {"quarkus.otel.exporter.otlp.traces.endpoint", "quarkus-opentelemetry"},
            new String[] {"quarkus.datasource.username", "quarkus-reactive-pg-client"},
            new String[] {"quarkus.datasource.password", "quarkus-reactive-pg-client"},
            new String[] {"quarkus.datasource.reactive.url", "quarkus-reactive-pg-client"},
            new String[] {"quarkus.datasource.jdbc.url", "quarkus-jdbc-postgresql"},
            new String[] {"amqp-host", "quarkus-messaging-amqp"},
            new String[] {"amqp-port", "quarkus-messaging-amqp"},
            new String[] {"amqp-username", "quarkus-messaging-amqp"},
            new String[] {"amqp-password", "quarkus-messaging-amqp"},
            new String[] {"mp.jwt.verify.publickey.location", "quarkus-smallrye-jwt"},
            new String[] {"mp.jwt.verify.issuer", "quarkus-smallrye-jwt"});

    private final String module;
    private final Set<String> environmentNames = new HashSet<>();
    /** Per {@code @ConfigMapping}: the prefix in environment form and the method names in that form. */
    private final List<Mapping> mappings = new ArrayList<>();

    private record Mapping(String prefix, Set<String> members) {
    }

    private ConfigKeys(String module) {
        this.module = module;
    }

    /** The keys of the module in {@code moduleDirectory}. */
    public static ConfigKeys of(Path moduleDirectory) {
        ConfigKeys keys = new ConfigKeys(moduleDirectory.getFileName().toString());
        try {
            Path properties = moduleDirectory.resolve("src/main/resources/application.properties");
            if (Files.exists(properties)) {
                for (String line : Files.readAllLines(properties)) {
                    String trimmed = line.strip();
                    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                        continue;
                    }
                    int equals = trimmed.indexOf('=');
                    if (equals > 0) {
                        String key = trimmed.substring(0, equals).strip();
                        if (key.startsWith("%")) {
                            key = key.substring(key.indexOf('.') + 1);
                        }
                        keys.environmentNames.add(environmentName(key));
                    }
                    Matcher placeholder = PLACEHOLDER.matcher(trimmed);
                    while (placeholder.find()) {
                        keys.environmentNames.add(environmentName(placeholder.group(1)));
                    }
                }
            }
            String pom = Files.readString(moduleDirectory.resolve("pom.xml"));
            for (String[] framework : FRAMEWORK_KEYS) {
                if (framework[1].isEmpty() ? pom.contains("quarkus-maven-plugin")
                        : pom.contains("<artifactId>" + framework[1] + "</artifactId>")) {
                    keys.environmentNames.add(environmentName(framework[0]));
                }
            }
            Path sources = moduleDirectory.resolve("src/main/java");
            if (Files.isDirectory(sources)) {
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        keys.readSource(Files.readString(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    private void readSource(String source) {
        Matcher property = CONFIG_PROPERTY.matcher(source);
        while (property.find()) {
            environmentNames.add(environmentName(property.group(1)));
        }
        Matcher mapping = CONFIG_MAPPING.matcher(source);
        if (mapping.find()) {
            Set<String> members = new HashSet<>();
            Matcher method = METHOD.matcher(source);
            while (method.find()) {
                members.add(environmentName(kebab(method.group(1))));
            }
            mappings.add(new Mapping(environmentName(mapping.group(1)), members));
        }
    }

    /** Whether the module reads the configuration key that environment variable {@code name} sets. */
    public boolean reads(String name) {
        if (environmentNames.contains(name)) {
            return true;
        }
        for (Mapping mapping : mappings) {
            if (name.startsWith(mapping.prefix() + "_")
                    && isPath(name.substring(mapping.prefix().length() + 1), mapping.members())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code rest} is a sequence of member names joined by '_' (a key of a nested group). */
    private static boolean isPath(String rest, Set<String> members) {
        if (members.contains(rest)) {
            return true;
        }
        for (String member : members) {
            if (rest.startsWith(member + "_") && isPath(rest.substring(member.length() + 1), members)) {
                return true;
            }
        }
        return false;
    }

    public String module() {
        return module;
    }

    /** The environment variable of a key, as MicroProfile Config maps it: non-alphanumerics to '_', upper case. */
    static String environmentName(String key) {
        return key.replace("\"", "").replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
