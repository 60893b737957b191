package io.callwire.auth;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Roles are stored as one comma-separated column: few, short, always read together. */
public final class RoleList {

    private RoleList() {
    }

    /** Column value to roles. */
    public static List<String> parse(String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        return Arrays.stream(column.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Roles to column value (sorted, distinct). */
    public static String format(Collection<String> roles) {
        return roles.stream().map(String::trim).distinct().sorted().collect(Collectors.joining(","));
    }
}
