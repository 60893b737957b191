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
import java.util.Set;
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
 * the event catalog are in it (admin-ui serializes nothing by hand: its type-safe Qute templates need
 * no reflection). A class that no longer exists (moved by a refactoring) is skipped;
 * one that exists unregistered fails.
 */
class NativeRegistrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CATALOG = "io/callwire/contract/event-catalog.json";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "subscription-service | true | io.callwire.subscription.SubscriptionResult io.callwire.subscription.PermissionChange"
                    + " io.callwire.subscription.Subscription io.callwire.support.client.AuthServiceClient$TokenAnswer"
                    + " io.callwire.support.client.AuthServiceClient$RevocationPage"
                    + " io.callwire.contract.messaging.RevocationMessage io.callwire.subscription.rest.ProblemMapper$Problem"
                    + " io.callwire.support.rest.Problem io.callwire.support.rest.Problem$FieldError",
            "notifier-service | true | io.callwire.notifier.service.Receipts io.callwire.notifier.Webhook$Secrets"
                    + " io.callwire.notifier.WebhookSpec io.callwire.notifier.WebhookSpec$Auth io.callwire.notifier.WebhookSpec$Retry"
                    + " io.callwire.notifier.WebhookSpec$Payload io.callwire.notifier.WebhookSpec$Variable"
                    + " io.callwire.notifier.WebhookSpec$Filter io.callwire.notifier.WebhookSpec$Proxy"
                    + " io.callwire.notifier.service.InvalidRequestException$FieldError"
                    + " io.callwire.support.client.AuthServiceClient$TokenAnswer io.callwire.support.client.AuthServiceClient$RevocationPage"
                    + " io.callwire.contract.messaging.RevocationMessage"
                    + " io.callwire.support.rest.Problem io.callwire.support.rest.Problem$FieldError",
            "auth-service | false | io.callwire.contract.messaging.RevocationMessage io.callwire.auth.rest.ProblemMapper$Problem"
                    + " io.callwire.auth.rest.ProblemMapper$Violation io.callwire.auth.rest.ProblemMapper$OAuthError"
                    + " io.callwire.support.rest.Problem io.callwire.support.rest.Problem$FieldError"})
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

        List<String> expected = Stream.of(classes.trim().split("\\s+"))
                .filter(name -> present.contains(name.replace('.', '/') + ".class")).toList();
        assertThat(expected).as("classes of " + module + " found in its native sources").isNotEmpty();
        assertThat(registered).as("reflection registrations of " + module).containsAll(expected);
        if (readsCatalog) {
            assertThat(resources).as("resource patterns of " + module).anyMatch(p -> p.matcher(CATALOG).matches());
        }
    }
}
