package io.callwire.auth.service;

/** The resource does not exist, or belongs to an organization the caller may not see (the same answer). */
public class NotFoundProblem extends RuntimeException {
    public NotFoundProblem(String what) {
        super(what + " not found", null, false, false);
    }
}
