package io.callwire.notifier.service;

import java.util.List;

/** A request refused because of the values it carries; every problem names its field. */
public class InvalidRequestException extends RuntimeException {

    /** One refused value. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s): " + String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()));
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
