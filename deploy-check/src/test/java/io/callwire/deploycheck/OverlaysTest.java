package io.callwire.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The overlays an operator applies render, fit the Kubernetes schemas and follow Callwire's rules. */
class OverlaysTest {

    private static final List<String> SERVICES = List.of("auth-service", "subscription-service", "notifier-service", "admin-ui");

    @Test
    void singleNodeOverlayPassesEveryCheckAndRunsOneReplicaOfEachServiceWithItsInfrastructure() {
        List<ObjectNode> rendered = Manifests.render(Repository.ROOT.resolve("k8s/overlays/single-node"));

        assertThat(DeployCheck.check(Repository.ROOT, Repository.VERSION, rendered)).isEmpty();
        for (String service : SERVICES) {
            assertThat(find(rendered, "Deployment", service).path("spec").path("replicas").asInt()).isEqualTo(1);
        }
        assertThat(find(rendered, "StatefulSet", "callwire-postgresql").path("spec").path("volumeClaimTemplates"))
                .hasSize(1);
        assertThat(find(rendered, "StatefulSet", "callwire-broker").path("spec").path("volumeClaimTemplates"))
                .hasSize(1);
        assertThat(rendered).allMatch(o -> o.path("kind").asText().equals("Namespace")
                || o.path("metadata").path("namespace").asText().equals("callwire"));
    }

    @Test
    void productionOverlayPassesEveryCheckAndScalesDrainsAndFencesTheServices() {
        List<ObjectNode> rendered = Manifests.render(Repository.ROOT.resolve("k8s/overlays/production"));

        assertThat(DeployCheck.check(Repository.ROOT, Repository.VERSION, rendered)).isEmpty();
        for (String service : SERVICES) {
            assertThat(find(rendered, "Deployment", service).path("spec").path("replicas").asInt())
                    .as(service + " replicas").isGreaterThanOrEqualTo(2);
            assertThat(find(rendered, "PodDisruptionBudget", service)).isNotNull();
        }
        assertThat(find(rendered, "HorizontalPodAutoscaler", "subscription-service")).isNotNull();
        assertThat(find(rendered, "HorizontalPodAutoscaler", "notifier-service")).isNotNull();
        // external PostgreSQL and broker: nothing of the in-cluster infrastructure
        assertThat(rendered).noneMatch(o -> o.path("kind").asText().equals("StatefulSet"));
        assertThat(find(rendered, "NetworkPolicy", "default-deny").path("spec").path("policyTypes").toString())
                .contains("Ingress", "Egress");

        ObjectNode realtime = find(rendered, "Ingress", "callwire-realtime");
        List<String> realtimePaths = StreamSupport.stream(realtime.path("spec").path("rules").get(0)
                .path("http").path("paths").spliterator(), false)
                .filter(p -> p.path("backend").path("service").path("name").asText().equals("subscription-service"))
                .map(p -> p.path("path").asText()).toList();
        assertThat(realtimePaths).contains("/rte", "/socket.io/");
        assertThat(Integer.parseInt(realtime.path("metadata").path("annotations")
                .path("nginx.ingress.kubernetes.io/proxy-read-timeout").asText())).isGreaterThanOrEqualTo(3600);
    }

    static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(kind + "/" + name + " is not rendered"));
    }

    static JsonNode container(ObjectNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").get(0);
    }
}
