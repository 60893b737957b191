package io.callwire.contract.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * The event timestamp format: ISO-8601 in UTC with as many fractional digits as needed and no more.
 * The core writes .NET ticks (up to 7 digits, {@code 2023-10-19T14:21:19.7009158Z}); writing back
 * the same text keeps signatures and ETags computed over the JSON stable, which
 * {@link Instant#toString()} (3, 6 or 9 digits) would not.
 */
public final class Timestamps {

    private static final DateTimeFormatter WRITER = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter LOCAL_WRITER = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /**
     * Parses an ISO-8601 date-time with an offset ({@code Z} or {@code +02:00}) and 0 to 9
     * fractional digits.
     *
     * @throws DateTimeParseException when the text is not such a date-time
     */
    public static Instant parse(CharSequence text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** Formats in UTC with {@code Z} and the minimal number of fractional digits (none for whole seconds). */
    public static String format(Instant instant) {
        return WRITER.format(instant);
    }

    /**
     * Whether the text is a date-time as the document's {@code DateTime} fields carry them: ISO-8601
     * with an offset, or a local date-time without one ({@code 0001-01-01T00:00:00}).
     */
    public static boolean isDateTime(String text) {
        if (text == null || text.length() < 19 || text.charAt(10) != 'T') {
            return false;
        }
        try {
            char last = text.charAt(text.length() - 1);
            if (last == 'Z' || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10) {
                OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } else {
                LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Formats a local (offset-less) date-time as the core does for {@code DateTime} fields, e.g. {@code StartTime}. */
    public static String formatLocal(Instant instant) {
        return LOCAL_WRITER.format(instant);
    }
}
