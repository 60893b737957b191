package io.callwire.support.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest, with the id of the key in every stored value so the key can be
 * rotated: new values are sealed with the current key, values sealed with an older key still open
 * as long as that key is configured. The caller's associated data (e.g. the row id) is bound in,
 * so a value copied onto another row does not open.
 *
 * <p>Stored form: {@code 0xC1}, the key id's length (1 byte), the key id (UTF-8), a 12-byte IV,
 * then ciphertext and 16-byte tag. Values written before key ids existed (IV, ciphertext, tag)
 * open with the key configured as {@link #LEGACY_KEY_ID}, if any.
 */
public final class SecretCipher {

    /** Key id under which a key opens values stored without a key id. */
    public static final String LEGACY_KEY_ID = "legacy";

    private static final byte MARKER = (byte) 0xC1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentKeyId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param currentKeyId the key new values are sealed with (1–64 characters of {@code [A-Za-z0-9._-]})
     * @param keys         every key that may have sealed a stored value, by id, 32 bytes each
     */
    public SecretCipher(String currentKeyId, Map<String, byte[]> keys) {
        if (!keys.containsKey(currentKeyId)) {
            throw new IllegalStateException("no key with the current key id " + currentKeyId);
        }
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        keys.forEach((id, raw) -> {
            if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalStateException("key id must be 1-64 characters of A-Z a-z 0-9 . _ -: " + id);
            }
            if (raw.length != 32) {
                throw new IllegalStateException("key " + id + " must be 32 bytes (AES-256)");
            }
            ring.put(id, new SecretKeySpec(raw, "AES"));
        });
        this.currentKeyId = currentKeyId;
        this.keys = Map.copyOf(ring);
    }

    /** A 32-byte key from its base64 text, with a message naming {@code what} when it is not one. */
    public static byte[] base64Key(String what, String text) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(what + " must be 32 bytes (AES-256), base64");
        }
        return raw;
    }

    /** The id of the key new values are sealed with. */
    public String currentKeyId() {
        return currentKeyId;
    }

    /** Seals {@code plain} for {@code associatedData} with the current key. */
    public byte[] seal(String associatedData, byte[] plain) {
        byte[] kid = currentKeyId.getBytes(StandardCharsets.US_ASCII);
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[2 + kid.length + IV_BYTES + sealed.length];
            out[0] = MARKER;
            out[1] = (byte) kid.length;
            System.arraycopy(kid, 0, out, 2, kid.length);
            System.arraycopy(iv, 0, out, 2 + kid.length, IV_BYTES);
            System.arraycopy(sealed, 0, out, 2 + kid.length + IV_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Seals a UTF-8 text. */
    public byte[] seal(String associatedData, String plain) {
        return seal(associatedData, plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens what {@link #seal} produced for the same associated data, with whichever configured key sealed it. */
    public byte[] open(String associatedData, byte[] stored) {
        if (stored.length > 2 && stored[0] == MARKER) {
            int kidLength = stored[1] & 0xFF;
            if (kidLength > 0 && 2 + kidLength + IV_BYTES < stored.length) {
                String kid = new String(stored, 2, kidLength, StandardCharsets.US_ASCII);
                SecretKey key = keys.get(kid);
                if (key != null) {
                    try {
                        return decrypt(key, associatedData, stored, 2 + kidLength);
                    } catch (GeneralSecurityException e) {
                        // fall through: a legacy value may start with the marker byte by chance
                    }
                } else if (!keys.containsKey(LEGACY_KEY_ID)) {
                    throw new IllegalStateException("the value was sealed with key " + kid + ", which is not configured");
                }
            }
        }
        SecretKey legacy = keys.get(LEGACY_KEY_ID);
        if (legacy != null) {
            try {
                return decrypt(legacy, associatedData, stored, 0);
            } catch (GeneralSecurityException e) {
                // reported below
            }
        }
        throw new IllegalStateException("the value does not open with the configured keys");
    }

    /** Opens a UTF-8 text. */
    public String openText(String associatedData, byte[] stored) {
        return new String(open(associatedData, stored), StandardCharsets.UTF_8);
    }

    /** The id of the key that sealed {@code stored}, or {@link #LEGACY_KEY_ID} for values without one. */
    public static String keyIdOf(byte[] stored) {
        if (stored.length > 2 && stored[0] == MARKER && 2 + (stored[1] & 0xFF) < stored.length) {
            return new String(stored, 2, stored[1] & 0xFF, StandardCharsets.US_ASCII);
        }
        return LEGACY_KEY_ID;
    }

    private static byte[] decrypt(SecretKey key, String associatedData, byte[] stored, int offset)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, offset, IV_BYTES));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(stored, offset + IV_BYTES, stored.length - offset - IV_BYTES);
    }
}
