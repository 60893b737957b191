package io.callwire.auth.service;

/** The request conflicts with existing data (a taken username, a non-empty organization). */
public class ConflictProblem extends RuntimeException {

    private final String field;

    public ConflictProblem(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
