package io.callwire.support.rest;

import java.util.List;

import io.callwire.support.rest.Problem.FieldError;

/**
 * A refusal with its HTTP status, answered as a {@link Problem} by {@link ProblemMapper}. Services
 * throw it (or a subclass) from resources and services; the message is the problem's {@code detail}.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final List<FieldError> errors;
    private final long retryAfterSeconds;

    public ProblemException(int status, String slug, String detail, List<FieldError> errors, long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.slug = slug == null ? Problems.slug(status) : slug;
        this.errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ProblemException(int status, String detail) {
        this(status, null, detail, null, 0);
    }

    /** 400 naming the refused fields. */
    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid: " + String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        return new ProblemException(400, null, detail, errors, 0);
    }

    /** 400 for one field. */
    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** 400 about the request as a whole. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail);
    }

    /** 401. */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, detail);
    }

    /** 403. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, detail);
    }

    /** 404: missing, or another organization's (answered alike). */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, detail);
    }

    /** 409. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, detail);
    }

    /** 429 with {@code Retry-After}. */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(429, null, detail, null, retryAfterSeconds);
    }

    /** 503 with {@code Retry-After}. */
    public static ProblemException unavailable(String detail, long retryAfterSeconds) {
        return new ProblemException(503, null, detail, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    /** The refused fields, null unless this is a validation failure. */
    public List<FieldError> errors() {
        return errors;
    }

    /** Seconds for {@code Retry-After}; 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
