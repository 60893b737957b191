package io.callwire.contract.event;

/**
 * An event document that is not a valid envelope. {@link #field()} names the offending header field
 * (e.g. {@code RootEntityId}), or {@code $} when the document as a whole is not a JSON object.
 */
public class InvalidEventException extends Exception {

    private final String field;

    /**
     * @param field   the offending field name (PascalCase) or {@code $} for the whole document
     * @param message what is wrong; it names the field
     */
    public InvalidEventException(String field, String message) {
        super(message);
        this.field = field;
    }

    /**
     * @param field   the offending field name (PascalCase) or {@code $} for the whole document
     * @param message what is wrong; it names the field
     * @param cause   the parser error
     */
    public InvalidEventException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The offending field name (PascalCase) or {@code $} when the whole document is wrong. */
    public String field() {
        return field;
    }
}
