package io.callwire.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a form shows after a refused submission: a message beside each field it names (the console's
 * own checks and the services' {@code errors[{field, message}]}), and a summary at the top that also
 * lists the errors no field of the form shows.
 */
public final class FormErrors {

    private final Map<String, String> byField = new LinkedHashMap<>();
    private final List<String> unplaced = new ArrayList<>();
    private final Set<String> placed;
    private String summary;

    private FormErrors(Set<String> placed) {
        this.placed = placed;
    }

    public static FormErrors none() {
        return new FormErrors(Set.of());
    }

    /** Errors for a form that shows messages beside {@code placed} fields. */
    public static FormErrors forFields(Set<String> placed) {
        return new FormErrors(placed);
    }

    public static FormErrors of(Problem problem, Set<String> placed) {
        FormErrors errors = new FormErrors(placed);
        errors.summary = problem.errors().isEmpty() ? problem.summary() : "Some fields need attention.";
        problem.errors().forEach(e -> errors.add(e.field(), e.message()));
        return errors;
    }

    /** Records a message for a field; a field the form does not show goes to the summary. */
    public FormErrors add(String field, String message) {
        String name = normalize(field);
        if (placed.contains(name)) {
            byField.merge(name, message, (a, b) -> a + "; " + b);
        } else {
            unplaced.add((field == null || field.isBlank() ? "" : field + ": ") + message);
        }
        if (summary == null) {
            summary = "Some fields need attention.";
        }
        return this;
    }

    public FormErrors summary(String message) {
        this.summary = message;
        return this;
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public String of(String field) {
        return byField.getOrDefault(field, "");
    }

    /** aria-invalid's value for a field. */
    public String invalid(String field) {
        return has(field) ? "true" : "false";
    }

    public String getSummary() {
        return summary;
    }

    public List<String> getUnplaced() {
        return unplaced;
    }

    public boolean isEmpty() {
        return summary == null && byField.isEmpty() && unplaced.isEmpty();
    }

    /** {@code retry.scheduleSeconds[2]}, {@code payload.variables[0].source} and {@code payload.perEvent.X} name the form's list fields. */
    static String normalize(String field) {
        if (field == null) {
            return "";
        }
        if (field.startsWith("payload.perEvent")) {
            return "payload.variables";
        }
        int bracket = field.indexOf('[');
        return bracket < 0 ? field : field.substring(0, bracket);
    }
}
