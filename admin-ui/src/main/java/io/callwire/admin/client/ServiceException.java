package io.callwire.admin.client;

import io.callwire.admin.Problem;

/** A service refused a call or could not be reached; carries the problem to show. */
public class ServiceException extends RuntimeException {

    private final Problem problem;

    public ServiceException(Problem problem) {
        super(problem.status() + " " + problem.title());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }
}
