package io.callwire.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a kustomize directory with {@code kubectl kustomize} (offline) and reads the objects it prints. */
public final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    /**
     * The rendered objects of {@code directory}.
     *
     * @throws IllegalStateException when kubectl is missing or kustomize refuses the directory (its message included)
     */
    public static List<ObjectNode> render(Path directory) {
        Path out;
        Path err;
        try {
            out = Files.createTempFile("kustomize", ".yaml");
            err = Files.createTempFile("kustomize", ".err");
            Process process;
            try {
                process = new ProcessBuilder(kubectl(), "kustomize", directory.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("kubectl is needed to render " + directory
                        + " (kubectl kustomize); install it (.ci/run does) or set KUBECTL", e);
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + directory + " failed: "
                        + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            return parse(Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + directory, e);
        }
    }

    /** The objects of a multi-document YAML stream (empty documents skipped). */
    public static List<ObjectNode> parse(String yaml) throws IOException {
        List<ObjectNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document instanceof ObjectNode object) {
                    objects.add(object);
                }
            }
        }
        return objects;
    }

    private static String kubectl() {
        String configured = System.getenv("KUBECTL");
        return configured == null || configured.isBlank() ? "kubectl" : configured;
    }
}
