package io.callwire.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The services and their libraries use Vert.x's public API only: classes under {@code impl} packages
 * change without notice between Vert.x releases (Vert.x 5 moves most of them) and are what native
 * substitutions and upgrades break first.
 * <p>
 * One use is allowed, by name: subscription-service's {@code TextFrames} reaches the WebSocket's Netty
 * channel through {@code ConnectionBase} to write pre-encoded text frames (13–16 % less CPU per delivery
 * on the fan-out path, measured; its javadoc and the module README say why). It is a compile-time
 * dependency, so an upgrade that removes the class fails the build, not a running service; the way back
 * is websockets-next's {@code sendText}. Any other use fails here.
 */
class InternalApiTest {

    private static final List<String> MODULES = List.of("event-contract", "messaging-support", "service-support", "auth-service",
            "subscription-service", "notifier-service", "admin-ui");
    private static final List<String> ALLOWED = List.of(
            "subscription-service/src/main/java/io/callwire/subscription/endpoint/TextFrames.java: io.vertx.core.net.impl.ConnectionBase");
    private static final Pattern INTERNAL = Pattern.compile("io\\.vertx\\.[a-z.]*\\.impl\\.[A-Z]\\w*");

    @Test
    void mainSourcesUseNoInternalVertxClass() throws IOException {
        List<String> uses = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(Repository.ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String relative = Repository.ROOT.relativize(file).toString();
                    var internal = INTERNAL.matcher(Files.readString(file));
                    while (internal.find()) {
                        uses.add(relative + ": " + internal.group());
                    }
                }
            }
        }
        uses.removeAll(ALLOWED);
        assertThat(uses).as("internal Vert.x classes in main sources").isEmpty();
    }
}
