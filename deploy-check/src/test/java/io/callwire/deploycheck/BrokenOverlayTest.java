package io.callwire.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check can fail: a deliberately broken overlay of the real base is refused, each mistake named. */
class BrokenOverlayTest {

    @Test
    void brokenOverlayIsRefusedWithEachMistakeNamed() {
        List<String> problems = DeployCheck.check(Repository.ROOT, Repository.VERSION,
                Repository.ROOT.resolve("deploy-check/src/test/k8s/broken-overlay"));

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("Deployment/auth-service: spec.replicas: Cannot deserialize value of type `java.lang.Integer`"));
        assertThat(problems).contains(
                "Deployment/admin-ui: unknown field spec.template.spec.containers[0].livenessprobe",
                "Deployment/subscription-service container subscription-service: no readinessProbe",
                "Deployment/subscription-service container subscription-service: root filesystem is writable"
                        + " (set readOnlyRootFilesystem: true)",
                "Deployment/notifier-service container notifier-service: no resources.limits.cpu",
                "Deployment/notifier-service container notifier-service: no resources.limits.memory",
                "Deployment/notifier-service container notifier-service: sets CALLWIRE_NOTIFIER_ENCRYPTON_KEY,"
                        + " which notifier-service does not read",
                "Deployment/admin-ui container admin-ui: image callwire/admin-console:" + Repository.VERSION
                        + " names no service module of this repository (a module with src/main/docker)",
                "Deployment/auth-service container auth-service: image tag '9.9.9' is not the project version "
                        + Repository.VERSION + " (set it in k8s/base/kustomization.yaml images)");
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("Service/auth-service: selector").endsWith("matches no pod of the overlay"));
        // what is right in the same overlay is not reported
        assertThat(problems).noneMatch(p -> p.contains("CALLWIRE_NOTIFIER_ENCRYPTION_KEY"));
        assertThat(problems).noneMatch(p -> p.startsWith("Service/notifier-service"));
    }

    @Test
    void overlayKustomizeCannotRenderIsRefusedWithKustomizesMessage() throws Exception {
        Path overlay = Files.createTempDirectory("overlay");
        Files.writeString(overlay.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");

        assertThatThrownBy(() -> DeployCheck.check(Repository.ROOT, Repository.VERSION, overlay))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kubectl kustomize").hasMessageContaining("missing.yaml");
    }
}
