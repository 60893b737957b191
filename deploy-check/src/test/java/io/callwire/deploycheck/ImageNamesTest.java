package io.callwire.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The images the build writes (module {@code images}, Jib) are the images the manifests run: the
 * same names, the same tag rule as {@code k8s/base/kustomization.yaml}, one image per service.
 */
class ImageNamesTest {

    private static final Pattern EXECUTION = Pattern.compile(
            "<execution>\\s*<id>([^<]+)</id>.*?<image>([^<]+)</image>", Pattern.DOTALL);

    @Test
    void theImagesModuleBuildsTheImagesTheKustomizationNames() throws IOException {
        String pom = Files.readString(Repository.ROOT.resolve("images/pom.xml"));
        Matcher prefix = Pattern.compile("<image.prefix>([^<]*)</image.prefix>").matcher(pom);
        assertThat(prefix.find()).as("images/pom.xml sets image.prefix").isTrue();

        Set<String> built = new TreeSet<>();
        Matcher execution = EXECUTION.matcher(pom);
        while (execution.find()) {
            String module = execution.group(1);
            assertThat(execution.group(2)).as("image of " + module).isEqualTo("${image.prefix}" + module + ":${project.version}");
            assertThat(Repository.ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm"))
                    .as(module + " is a service module").isRegularFile();
            built.add(prefix.group(1) + module);
        }

        JsonNode kustomization = new ObjectMapper(new YAMLFactory())
                .readTree(Repository.ROOT.resolve("k8s/base/kustomization.yaml").toFile());
        Set<String> deployed = new TreeSet<>();
        for (JsonNode image : kustomization.path("images")) {
            deployed.add(image.path("name").asText());
            assertThat(image.path("newTag").asText()).as("tag of " + image.path("name").asText()).isEqualTo(Repository.VERSION);
        }
        assertThat(built).as("images built by images/pom.xml").isNotEmpty().isEqualTo(deployed);
    }
}
