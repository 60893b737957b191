package io.callwire.subscription;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * GUID parsing as .NET's {@code Guid.TryParse} accepts it in the formats clients send
 * ({@code D}: 8-4-4-4-12, {@code N}: 32 digits, {@code B}: braced). {@link UUID#fromString} is not
 * used alone because it accepts malformed strings such as {@code 1-1-1-1-1}.
 */
public final class Guid {

    private static final Pattern D = Pattern.compile(
            "\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}?");
    private static final Pattern N = Pattern.compile("[0-9a-fA-F]{32}");

    private Guid() {
    }

    /** The GUID in {@code text}, or empty if it is not one. */
    public static Optional<UUID> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        if (N.matcher(value).matches()) {
            value = value.substring(0, 8) + "-" + value.substring(8, 12) + "-" + value.substring(12, 16) + "-"
                    + value.substring(16, 20) + "-" + value.substring(20);
        } else if (D.matcher(value).matches()) {
            boolean opening = value.startsWith("{");
            boolean closing = value.endsWith("}");
            if (opening != closing) {
                return Optional.empty();
            }
            if (opening) {
                value = value.substring(1, value.length() - 1);
            }
        } else {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(value));
    }
}
