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
        Instant fast = parseCommon(text, false);
        return fast != null ? fast : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /**
     * The hot path: {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}](Z|±hh:mm)} without a formatter; {@code null}
     * for anything else (then the formatter decides), or for out-of-range values.
     */
    private static Instant parseCommon(CharSequence s, boolean localAllowed) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59
                || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int count = i - start;
            if (count == 0) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n && localAllowed) {
            offsetSeconds = 0;
        } else if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, i + 3);
            int om = digits(s, i + 4, i + 6);
            if ((oh | om) < 0 || oh > 18 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds, nanos);
    }

    private static int digits(CharSequence s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Formats in UTC with {@code Z} and the minimal number of fractional digits (none for whole seconds). */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST || seconds >= MAX_FAST) {
            return WRITER.format(instant); // years outside 0000-9999
        }
        long epochDay = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(epochDay);
        StringBuilder b = new StringBuilder(30);
        pad(b, date.getYear(), 4).append('-');
        pad(b, date.getMonthValue(), 2).append('-');
        pad(b, date.getDayOfMonth(), 2).append('T');
        pad(b, secondOfDay / 3600, 2).append(':');
        pad(b, secondOfDay / 60 % 60, 2).append(':');
        pad(b, secondOfDay % 60, 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            b.append('.');
            pad(b, nanos, digits);
        }
        return b.append('Z').toString();
    }

    private static final long MIN_FAST = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_FAST = 253_402_300_800L; // 10000-01-01T00:00:00Z

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }

    /**
     * Whether the text is a date-time as the document's {@code DateTime} fields carry them: ISO-8601
     * with an offset, or a local date-time without one ({@code 0001-01-01T00:00:00}).
     */
    public static boolean isDateTime(String text) {
        if (text == null || text.length() < 19 || text.charAt(10) != 'T') {
            return false;
        }
        if (parseCommon(text, true) != null) {
            return true;
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
