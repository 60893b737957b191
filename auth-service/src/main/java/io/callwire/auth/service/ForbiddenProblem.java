package io.callwire.auth.service;

/** The caller is known but its roles do not allow the action. */
public class ForbiddenProblem extends RuntimeException {
    public ForbiddenProblem(String message) {
        super(message, null, false, false);
    }
}
