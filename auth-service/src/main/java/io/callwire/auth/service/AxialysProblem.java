package io.callwire.auth.service;

/**
 * A refusal of the Axialys-style endpoints, answered as problem+json with this status (401 bad
 * credentials or session, 403 wrong account type, 400 malformed request).
 */
public class AxialysProblem extends RuntimeException {

    private final int status;
    private final String field;

    public AxialysProblem(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** The request field at fault (400 only), else null. */
    public String field() {
        return field;
    }

    static AxialysProblem badRequest(String field, String message) {
        return new AxialysProblem(400, field, message);
    }

    static AxialysProblem unauthorized(String message) {
        return new AxialysProblem(401, null, message);
    }

    static AxialysProblem forbidden(String message) {
        return new AxialysProblem(403, null, message);
    }
}
