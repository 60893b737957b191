package io.callwire.support.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body of every Callwire REST API (RFC 9457, {@code application/problem+json}).
 *
 * @param type     {@code https://callwire.dev/problems/<slug>}, one slug per kind of problem
 * @param title    short summary of the kind of problem (the same for every occurrence)
 * @param status   the HTTP status
 * @param detail   what went wrong in this occurrence, for humans; never a stack trace or class name
 * @param instance the request path
 * @param errors   the refused fields of a validation failure (400 only), otherwise absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Prefix of every {@code type}. */
    public static final String TYPE_PREFIX = "https://callwire.dev/problems/";

    /**
     * One refused value of a request.
     *
     * @param field   the field or parameter, as the client named it ({@code url}, {@code headers[2].name}, {@code size})
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {
    }
}
