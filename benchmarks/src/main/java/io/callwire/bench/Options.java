package io.callwire.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scenario --key=value ...} as {@code ./bench/run.sh} passes them. Every key has a default
 * sized for the full run; {@code --scale=smoke} swaps in the small defaults of a smoke run.
 */
public final class Options {

    private final String scenario;
    private final Map<String, String> values;

    private Options(String scenario, Map<String, String> values) {
        this.scenario = scenario;
        this.values = values;
    }

    public static Options parse(String... args) {
        String scenario = null;
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                if (eq < 0) {
                    values.put(arg.substring(2), "true");
                } else {
                    values.put(arg.substring(2, eq), arg.substring(eq + 1));
                }
            } else if (scenario == null) {
                scenario = arg;
            } else {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
        }
        return new Options(scenario == null ? "all" : scenario, values);
    }

    public String scenario() {
        return scenario;
    }

    public boolean smoke() {
        return "smoke".equals(values.get("scale"));
    }

    public String string(String key, String full, String smoke) {
        return values.getOrDefault(key, smoke() ? smoke : full);
    }

    public String string(String key) {
        return values.get(key);
    }

    public int integer(String key, int full, int smoke) {
        String value = values.get(key);
        try {
            return value == null ? (smoke() ? smoke : full) : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, not " + value);
        }
    }

    /** A comma-separated list of whole numbers, such as stepped rates. */
    public List<Integer> integers(String key, String full, String smoke) {
        List<Integer> list = new ArrayList<>();
        for (String part : string(key, full, smoke).split(",")) {
            if (!part.isBlank()) {
                try {
                    list.add(Integer.parseInt(part.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--" + key + " must list whole numbers, not " + part);
                }
            }
        }
        return list;
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }
}
