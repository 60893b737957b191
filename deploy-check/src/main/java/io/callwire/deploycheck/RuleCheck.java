package io.callwire.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Callwire's own rules for rendered manifests, beyond what the Kubernetes schemas say:
 * <ul>
 *   <li>every container has startup, readiness and liveness probes (Callwire's on
 *       {@code /q/health/started|ready|live}), CPU and memory requests and limits, runs as non-root
 *       with a read-only root filesystem and no privilege escalation; every pod has an explicit
 *       termination grace period longer than its preStop pause;</li>
 *   <li>a Callwire image is {@code [registry/]callwire/<module>:<version>} for a service module of
 *       this repository, in a Deployment named after that module;</li>
 *   <li>every environment variable set on a Callwire container (directly or through a ConfigMap) is
 *       a configuration key the module reads ({@link ConfigKeys});</li>
 *   <li>Service selectors select pods and name their ports; HorizontalPodAutoscalers,
 *       PodDisruptionBudgets and Ingress backends point at objects that exist.</li>
 * </ul>
 */
public final class RuleCheck {

    private final Path repositoryRoot;
    private final String version;
    private final Map<String, ConfigKeys> keysByModule = new HashMap<>();

    /**
     * @param repositoryRoot the directory of the parent pom (the modules are its subdirectories)
     * @param version        the tag every Callwire image must carry (the Maven project version)
     */
    public RuleCheck(Path repositoryRoot, String version) {
        this.repositoryRoot = repositoryRoot;
        this.version = version;
    }

    public List<String> check(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        Map<String, ObjectNode> configMaps = byName(objects, "ConfigMap");
        Map<String, ObjectNode> services = byName(objects, "Service");
        List<ObjectNode> workloads = new ArrayList<>();
        for (ObjectNode object : objects) {
            String kind = object.path("kind").asText();
            if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
                workloads.add(object);
                checkWorkload(object, configMaps, problems);
            }
        }
        for (ObjectNode service : services.values()) {
            checkService(service, workloads, problems);
        }
        for (ObjectNode object : objects) {
            String name = object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
            switch (object.path("kind").asText()) {
                case "HorizontalPodAutoscaler" -> {
                    JsonNode target = object.path("spec").path("scaleTargetRef");
                    if (workloads.stream().noneMatch(w -> w.path("kind").asText().equals(target.path("kind").asText())
                            && w.path("metadata").path("name").asText().equals(target.path("name").asText()))) {
                        problems.add(name + ": scaleTargetRef " + target.path("kind").asText() + "/"
                                + target.path("name").asText() + " is not in the overlay");
                    }
                }
                case "PodDisruptionBudget" -> {
                    JsonNode labels = object.path("spec").path("selector").path("matchLabels");
                    if (labels.isEmpty() || workloads.stream().noneMatch(w -> selects(labels, podLabels(w)))) {
                        problems.add(name + ": its selector matches no pod of the overlay");
                    }
                }
                case "Ingress" -> checkIngress(name, object, services, problems);
                default -> {
                }
            }
        }
        return problems;
    }

    private void checkWorkload(ObjectNode workload, Map<String, ObjectNode> configMaps, List<String> problems) {
        String name = workload.path("kind").asText() + "/" + workload.path("metadata").path("name").asText();
        JsonNode pod = workload.path("spec").path("template").path("spec");
        if (!selects(workload.path("spec").path("selector").path("matchLabels"), podLabels(workload))) {
            problems.add(name + ": spec.selector does not match the pod template's labels");
        }
        JsonNode grace = pod.path("terminationGracePeriodSeconds");
        if (!grace.isNumber()) {
            problems.add(name + ": no terminationGracePeriodSeconds (set the time it needs to drain)");
        }
        boolean podNonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        if (pod.path("containers").isEmpty()) {
            problems.add(name + ": no containers");
        }
        for (JsonNode container : containers) {
            String where = name + " container " + container.path("name").asText();
            checkContainer(where, container, podNonRoot, problems);
            JsonNode pause = container.path("lifecycle").path("preStop").path("sleep").path("seconds");
            if (pause.isNumber() && grace.isNumber() && grace.asInt() <= pause.asInt()) {
                problems.add(where + ": terminationGracePeriodSeconds " + grace.asInt()
                        + " leaves no time to drain after the preStop pause of " + pause.asInt() + " s");
            }
            String image = container.path("image").asText();
            int slash = image.lastIndexOf("callwire/");
            if (slash >= 0) {
                checkCallwireContainer(where, workload, container, image.substring(slash + "callwire/".length()),
                        configMaps, problems);
            }
        }
    }

    private static void checkContainer(String where, JsonNode container, boolean podNonRoot, List<String> problems) {
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            if (container.path(probe).isMissingNode()) {
                problems.add(where + ": no " + probe);
            }
        }
        JsonNode resources = container.path("resources");
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (resources.path(bound).path(resource).isMissingNode()) {
                    problems.add(where + ": no resources." + bound + "." + resource);
                }
            }
        }
        JsonNode security = container.path("securityContext");
        if (!security.path("runAsNonRoot").asBoolean(podNonRoot)) {
            problems.add(where + ": may run as root (set runAsNonRoot: true)");
        }
        if (security.path("runAsUser").isNumber() && security.path("runAsUser").asInt() == 0) {
            problems.add(where + ": runs as user 0");
        }
        if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
            problems.add(where + ": root filesystem is writable (set readOnlyRootFilesystem: true)");
        }
        if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
            problems.add(where + ": privilege escalation allowed (set allowPrivilegeEscalation: false)");
        }
        if (security.path("privileged").asBoolean(false)) {
            problems.add(where + ": privileged");
        }
    }

    private void checkCallwireContainer(String where, ObjectNode workload, JsonNode container, String reference,
                                        Map<String, ObjectNode> configMaps, List<String> problems) {
        int colon = reference.indexOf(':');
        String module = colon < 0 ? reference : reference.substring(0, colon);
        String tag = colon < 0 ? "" : reference.substring(colon + 1);
        Path moduleDirectory = repositoryRoot.resolve(module);
        if (module.isEmpty() || !Files.isRegularFile(moduleDirectory.resolve("pom.xml"))
                || !Files.isDirectory(moduleDirectory.resolve("src/main/docker"))) {
            problems.add(where + ": image callwire/" + reference + " names no service module of this repository"
                    + " (a module with src/main/docker)");
            return;
        }
        if (!tag.equals(version)) {
            problems.add(where + ": image tag '" + tag + "' is not the project version " + version
                    + " (set it in k8s/base/kustomization.yaml images)");
        }
        if (!workload.path("metadata").path("name").asText().equals(module)) {
            problems.add(where + ": runs image callwire/" + module + " but is named "
                    + workload.path("metadata").path("name").asText());
        }
        for (String[] probe : new String[][] {{"startupProbe", "/q/health/started"}, {"readinessProbe", "/q/health/ready"},
                {"livenessProbe", "/q/health/live"}}) {
            JsonNode get = container.path(probe[0]).path("httpGet");
            if (!container.path(probe[0]).isMissingNode() && !get.path("path").asText().equals(probe[1])) {
                problems.add(where + ": " + probe[0] + " must be an HTTP GET of " + probe[1]);
            } else if (!get.isMissingNode() && !hasPort(container, get.path("port"))) {
                problems.add(where + ": " + probe[0] + " port " + get.path("port").asText() + " is not a container port");
            }
        }
        ConfigKeys keys = keysByModule.computeIfAbsent(module, m -> ConfigKeys.of(repositoryRoot.resolve(m)));
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            if (!keys.reads(name)) {
                problems.add(where + ": sets " + name + ", which " + module + " does not read");
            }
            JsonNode mapReference = variable.path("valueFrom").path("configMapKeyRef");
            if (!mapReference.isMissingNode()) {
                ObjectNode map = configMaps.get(mapReference.path("name").asText());
                if (map == null || !map.path("data").has(mapReference.path("key").asText())) {
                    problems.add(where + ": " + name + " refers to ConfigMap key " + mapReference.path("name").asText()
                            + "/" + mapReference.path("key").asText() + ", which is not in the overlay");
                }
            }
        }
        for (JsonNode source : container.path("envFrom")) {
            if (source.has("secretRef")) {
                problems.add(where + ": envFrom secretRef " + source.path("secretRef").path("name").asText()
                        + " hides which variables are set; name each with env/secretKeyRef");
            }
            if (source.has("configMapRef")) {
                String mapName = source.path("configMapRef").path("name").asText();
                ObjectNode map = configMaps.get(mapName);
                if (map == null) {
                    problems.add(where + ": envFrom ConfigMap " + mapName + " is not in the overlay");
                    continue;
                }
                String prefix = source.path("prefix").asText("");
                for (Iterator<String> names = map.path("data").fieldNames(); names.hasNext(); ) {
                    String name = prefix + names.next();
                    if (!keys.reads(name)) {
                        problems.add(where + ": ConfigMap " + mapName + " sets " + name + ", which " + module
                                + " does not read");
                    }
                }
            }
        }
    }

    private static void checkService(ObjectNode service, List<ObjectNode> workloads, List<String> problems) {
        String name = "Service/" + service.path("metadata").path("name").asText();
        JsonNode selector = service.path("spec").path("selector");
        if (selector.isEmpty()) {
            problems.add(name + ": no selector");
            return;
        }
        List<ObjectNode> selected = workloads.stream().filter(w -> selects(selector, podLabels(w))).toList();
        if (selected.isEmpty()) {
            problems.add(name + ": selector " + selector + " matches no pod of the overlay");
            return;
        }
        for (JsonNode port : service.path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            for (ObjectNode workload : selected) {
                boolean found = false;
                for (JsonNode container : workload.path("spec").path("template").path("spec").path("containers")) {
                    found |= hasPort(container, target);
                }
                if (!found) {
                    problems.add(name + ": targetPort " + target.asText() + " is not a port of "
                            + workload.path("metadata").path("name").asText());
                }
            }
        }
    }

    private static void checkIngress(String name, ObjectNode ingress, Map<String, ObjectNode> services,
                                     List<String> problems) {
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                JsonNode backend = path.path("backend").path("service");
                ObjectNode service = services.get(backend.path("name").asText());
                if (service == null) {
                    problems.add(name + ": path " + path.path("path").asText() + " goes to Service "
                            + backend.path("name").asText() + ", which is not in the overlay");
                    continue;
                }
                boolean found = false;
                for (JsonNode port : service.path("spec").path("ports")) {
                    found |= backend.path("port").has("name")
                            ? port.path("name").asText().equals(backend.path("port").path("name").asText())
                            : port.path("port").asInt() == backend.path("port").path("number").asInt();
                }
                if (!found) {
                    problems.add(name + ": path " + path.path("path").asText() + " names a port Service "
                            + backend.path("name").asText() + " does not have");
                }
            }
        }
    }

    private static boolean hasPort(JsonNode container, JsonNode port) {
        for (JsonNode declared : container.path("ports")) {
            if (port.isNumber() ? declared.path("containerPort").asInt() == port.asInt()
                    : declared.path("name").asText().equals(port.asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> entries = selector.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!labels.path(entry.getKey()).asText("\u0000").equals(entry.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, ObjectNode> byName(List<ObjectNode> objects, String kind) {
        Map<String, ObjectNode> byName = new HashMap<>();
        for (ObjectNode object : objects) {
            if (object.path("kind").asText().equals(kind)) {
                byName.put(object.path("metadata").path("name").asText(), object);
            }
        }
        return byName;
    }
}
