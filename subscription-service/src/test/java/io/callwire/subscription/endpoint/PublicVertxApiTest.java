package io.callwire.subscription.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The SignalR hub uses Vert.x through its public API only: classes under {@code io.vertx.core.impl}
 * (and the other {@code impl} packages) change between Vert.x releases without notice and are what a
 * native image build trips over. (The event loop's base context of a callback comes from SmallRye's
 * {@code VertxContext}.) The one exception is {@link TextFrames}, which reaches the socket's Netty
 * channel to write pre-encoded text frames (its javadoc says why); it is kept to that one class.
 */
class PublicVertxApiTest {

    private static final Path HUB = Path.of("src/main/java/io/callwire/subscription/endpoint");

    @Test
    void theHubUsesNoVertxInternals() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.list(HUB)) {
            offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.getFileName().toString().equals("TextFrames.java"))
                    .filter(file -> java.util.regex.Pattern.compile("io\\.vertx\\.[a-z.]*impl\\.").matcher(read(file)).find())
                    .map(file -> file.getFileName().toString())
                    .sorted().toList();
        }
        assertThat(offenders).as("hub classes that use io.vertx.core.impl").isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
