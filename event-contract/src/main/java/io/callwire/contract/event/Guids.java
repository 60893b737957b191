package io.callwire.contract.event;

import java.util.UUID;

/**
 * Strict GUID parsing: exactly {@code 8-4-4-4-12} hexadecimal digits, either case.
 * {@link UUID#fromString} is lenient (it accepts {@code 1-2-3-4-5}), which would let malformed ids
 * through validation ("Invalid EntityId" in the reference document).
 */
public final class Guids {

    private Guids() {
    }

    /** Whether the text is a GUID in canonical {@code 8-4-4-4-12} form. */
    public static boolean isGuid(CharSequence text) {
        return text != null && parseOrNull(text) != null;
    }

    /** The GUID, or {@code null} when the text is null or not in canonical form. */
    public static UUID parseOrNull(CharSequence s) {
        if (s == null || s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-'
                || s.charAt(23) != '-') {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            int value = Character.digit(s.charAt(i), 16);
            if (value < 0) {
                return null;
            }
            if (digits < 16) {
                msb = (msb << 4) | value;
            } else {
                lsb = (lsb << 4) | value;
            }
            digits++;
        }
        return new UUID(msb, lsb);
    }
}
