package io.callwire.admin;

import java.util.List;

/**
 * An error a service answered (RFC 9457 problem+json, contract 2), reduced to what the console
 * shows: the title, the detail and the refused fields ({@code errors[{field, message}]}).
 */
public record Problem(int status, String title, String detail, List<FieldError> errors) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One refused field. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem(status, title, detail, List.of());
    }

    /** What to show at the top of a form: the detail, or the title when there is none. */
    public String summary() {
        return detail == null || detail.isBlank() ? title : detail;
    }
}
