package io.callwire.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a native image of each service would carry: the services' verify runs Quarkus's native
 * build steps (target/native-sources/, no GraalVM needed); this reads the reflection and resource
 * configuration they wrote and checks that the records serialized by hand with an ObjectMapper and
 * the event catalog are in it. Two lists: the classes named here (each must still exist: a class
 * moved by a refactoring fails until this list follows it), and every class the module's sources
 * (and the libraries it builds on) hand to {@code readValue}, {@code convertValue},
 * {@code treeToValue} or {@code writeValueAs...(new ...)}, found by reading them, so a record added
 * tomorrow and read by hand fails here without anybody remembering this list.
 */
class NativeRegistrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CATALOG = "io/callwire/contract/event-catalog.json";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "subscription-service | true | io.callwire.subscription.SubscriptionResult io.callwire.subscription.PermissionChange"
                    + " io.callwire.subscription.Subscription io.callwire.subscription.LiveSession"
                    + " io.callwire.support.client.AuthServiceClient$TokenAnswer io.callwire.support.client.AuthServiceClient$RevocationPage"
                    + " io.callwire.contract.messaging.RevocationMessage"
                    + " io.callwire.support.rest.Problem io.callwire.support.rest.Problem$FieldError",
            "notifier-service | true | io.callwire.notifier.service.Receipts io.callwire.notifier.Webhook$Secrets"
                    + " io.callwire.notifier.WebhookSpec io.callwire.notifier.WebhookSpec$Auth io.callwire.notifier.WebhookSpec$Retry"
                    + " io.callwire.notifier.WebhookSpec$Payload io.callwire.notifier.WebhookSpec$Variable"
                    + " io.callwire.notifier.WebhookSpec$Filter io.callwire.notifier.WebhookSpec$Proxy"
                    + " io.callwire.notifier.service.InvalidRequestException$FieldError io.callwire.contract.messaging.RevocationMessage"
                    + " io.callwire.support.client.AuthServiceClient$TokenAnswer io.callwire.support.client.AuthServiceClient$RevocationPage"
                    + " io.callwire.support.rest.Problem io.callwire.support.rest.Problem$FieldError",
            "auth-service | false | io.callwire.contract.messaging.RevocationMessage io.callwire.auth.rest.ProblemMapper$OAuthError"
                    + " io.callwire.support.rest.Problem io.callwire.support.rest.Problem$FieldError",
            "admin-ui | false | io.callwire.admin.Permissions$LiveSession io.callwire.admin.Permissions$ActiveSubscription"})
    void nativeBuildRegistersTheHandSerializedRecordsAndTheCatalog(String module, boolean readsCatalog, String classes)
            throws IOException {
        Path sources = Repository.ROOT.resolve(module).resolve("target/native-sources");
        Path runner;
        try (Stream<Path> files = Files.exists(sources) ? Files.list(sources) : Stream.empty()) {
            runner = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst().orElse(null);
        }
        Assumptions.assumeTrue(runner != null, module + " has no target/native-sources: run its verify first");

        Set<String> registered = new HashSet<>();
        Set<String> present = new HashSet<>();
        List<Pattern> resources = new ArrayList<>();
        try (ZipFile jar = new ZipFile(runner.toFile())) {
            for (JsonNode entry : JSON.readTree(jar.getInputStream(jar.getEntry("META-INF/native-image/reflect-config.json")))) {
                registered.add(entry.has("name") ? entry.path("name").asText() : entry.path("type").asText());
            }
            for (JsonNode include : JSON.readTree(jar.getInputStream(jar.getEntry(
                    "META-INF/native-image/resource-config.json"))).path("resources").path("includes")) {
                if (include.has("glob")) {
                    resources.add(Pattern.compile(include.path("glob").asText().replace(".", "\\.")
                            .replace("**", "\u0000").replace("*", "[^/]*").replace("\u0000", ".*")));
                } else {
                    resources.add(Pattern.compile(include.path("pattern").asText()));
                }
            }
            jar.stream().forEach(e -> present.add(e.getName()));
        }
        try (Stream<Path> libraries = Files.list(sources.resolve("lib"))) {
            for (Path library : libraries.toList()) {
                try (ZipFile jar = new ZipFile(library.toFile())) {
                    jar.stream().forEach(e -> present.add(e.getName()));
                }
            }
        }

        List<String> expected = Stream.of(classes.trim().split("\\s+")).toList();
        assertThat(expected).as("classes listed for " + module + " that its native sources hold")
                .allMatch(name -> present.contains(name.replace('.', '/') + ".class"));
        assertThat(registered).as("reflection registrations of " + module).containsAll(expected);

        Map<String, String> handSerialized = handSerialized(module);
        assertThat(handSerialized).as("types " + module + " hands to Jackson by hand (the scan still finds them)").isNotEmpty();
        List<String> unregistered = new ArrayList<>();
        for (Map.Entry<String, String> read : handSerialized.entrySet()) {
            String suffix = "/" + read.getKey().replace('.', '$') + ".class";
            List<String> candidates = present.stream()
                    .filter(entry -> entry.startsWith("io/callwire/") && entry.endsWith(suffix))
                    .map(entry -> entry.substring(0, entry.length() - ".class".length()).replace('/', '.')).toList();
            if (!candidates.isEmpty() && candidates.stream().noneMatch(registered::contains)) {
                unregistered.add(read.getKey() + " (" + read.getValue() + ")");
            }
        }
        assertThat(unregistered).as("classes " + module + " serializes by hand that no @RegisterForReflection names").isEmpty();
        if (readsCatalog) {
            assertThat(resources).as("resource patterns of " + module).anyMatch(p -> p.matcher(CATALOG).matches());
        }
    }

    /**
     * The project's own types handed to Jackson by hand in the module's main sources and in the
     * libraries it depends on: simple (or Outer.Inner) name, and the file that does it.
     */
    private static Map<String, String> handSerialized(String module) throws IOException {
        List<Path> roots = new ArrayList<>(List.of(Repository.ROOT.resolve(module)));
        String pom = Files.readString(Repository.ROOT.resolve(module).resolve("pom.xml"));
        for (String library : List.of("event-contract", "messaging-support", "service-support")) {
            if (pom.contains("<artifactId>" + library + "</artifactId>")) {
                roots.add(Repository.ROOT.resolve(library));
            }
        }
        Map<String, String> found = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root.resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher call = JACKSON_CALL.matcher(source);
                    while (call.find()) {
                        int end = source.indexOf(';', call.end());
                        Matcher type = (call.group(1).startsWith("write") ? NEW_TYPE : CLASS_LITERAL)
                                .matcher(source.substring(call.end(), end < 0 ? source.length() : end));
                        if (type.find()) {
                            found.putIfAbsent(type.group(1), Repository.ROOT.relativize(file).toString());
                        }
                    }
                }
            }
        }
        return found;
    }

    private static final Pattern JACKSON_CALL = Pattern.compile("\\.(readValue|convertValue|treeToValue|writeValueAs\\w+)\\s*\\(");
    private static final Pattern CLASS_LITERAL = Pattern.compile("([A-Z][A-Za-z0-9_]*(?:\\.[A-Z][A-Za-z0-9_]*)*)\\.class");
    private static final Pattern NEW_TYPE = Pattern.compile("^\\s*new\\s+([A-Z][A-Za-z0-9_]*(?:\\.[A-Z][A-Za-z0-9_]*)*)\\s*[(<]");
}
