package io.callwire.auth.service;

/** A field is well-formed but not acceptable (a role the caller may not grant, a too short password). */
public class InvalidFieldProblem extends RuntimeException {

    private final String field;

    public InvalidFieldProblem(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The request field at fault. */
    public String field() {
        return field;
    }
}
