package io.callwire.deploycheck;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks rendered objects against the Kubernetes API types (the fabric8 model, generated from the
 * Kubernetes OpenAPI schemas): every object must be of a known apiVersion/kind, every value of its
 * field's type, and no field may be unknown. The model keeps unknown fields in
 * {@code additionalProperties} instead of failing; this walks the result and reports them.
 */
public final class SchemaCheck {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    /** apiVersion/kind → model class: the kinds Callwire's manifests use. */
    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy",
                    io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class));

    private SchemaCheck() {
    }

    /** The problems found, each naming the object and the field; empty when every object fits its schema. */
    public static List<String> check(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : objects) {
            String apiVersion = object.path("apiVersion").asText();
            String kind = object.path("kind").asText();
            String name = kind + "/" + object.path("metadata").path("name").asText("?");
            Class<?> type = TYPES.get(apiVersion + "/" + kind);
            if (type == null) {
                problems.add(name + ": no schema for apiVersion " + apiVersion + " kind " + kind);
                continue;
            }
            if (object.path("metadata").path("name").asText().isEmpty()) {
                problems.add(kind + ": metadata.name is missing");
            }
            Object typed;
            try {
                typed = MAPPER.treeToValue(object, type);
            } catch (JsonMappingException e) {
                problems.add(name + ": " + pathOf(e) + ": " + e.getOriginalMessage());
                continue;
            } catch (Exception e) {
                problems.add(name + ": " + e.getMessage());
                continue;
            }
            unknownFields(typed, "", problems, name, new IdentityHashMap<>());
        }
        return problems;
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(object)" : path.toString();
    }

    private static void unknownFields(Object value, String path, List<String> problems, String name,
                                      IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                unknownFields(element, path + "[" + index++ + "]", problems, name, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), problems, name, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        for (Object key : extra.keySet()) {
                            problems.add(name + ": unknown field " + (path.isEmpty() ? "" : path.substring(1) + ".") + key);
                        }
                    }
                } else {
                    unknownFields(fieldValue, path + "." + field.getName(), problems, name, seen);
                }
            }
        }
    }
}
