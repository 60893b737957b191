package io.callwire.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.config.AuthConfig;
import io.callwire.support.security.SecretCipher;

/**
 * Encrypts private signing keys at rest with the security kit's {@link SecretCipher} (AES-256-GCM,
 * the signing key's id as associated data so that a ciphertext cannot be moved to another row, and
 * the id of the key-encryption key in the stored value so that the secret can rotate). The AES keys
 * are derived (SHA-256) from the configured key-encryption secrets, which never reach the database.
 * Stored form: {@code v2:} + base64 of the sealed value; {@code v1:} values (written before key ids)
 * still open with the {@code legacy} key.
 */
@ApplicationScoped
public class KeyCrypto {

    private static final String PREFIX = "v2:";
    private static final String LEGACY_PREFIX = "v1:";
    private static final int MIN_SECRET_LENGTH = 32;

    private final SecretCipher cipher;

    public KeyCrypto(AuthConfig config) {
        AuthConfig.Keys keys = config.keys();
        Map<String, byte[]> ring = new LinkedHashMap<>();
        byte[] current = derive("callwire.auth.keys.encryption-key", keys.encryptionKey());
        ring.put(keys.encryptionKeyId(), current);
        for (String entry : keys.previousEncryptionKeys().orElse(List.of())) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("callwire.auth.keys.previous-encryption-keys: expected id:secret entries");
            }
            String id = entry.substring(0, colon).trim();
            ring.put(id, derive("callwire.auth.keys.previous-encryption-keys[" + id + "]", entry.substring(colon + 1)));
        }
        ring.putIfAbsent(SecretCipher.LEGACY_KEY_ID, current);
        this.cipher = new SecretCipher(keys.encryptionKeyId(), ring);
    }

    private static byte[] derive(String what, String secret) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException(what + " must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encrypts {@code plain} (a PKCS#8 private key) for the row of key {@code kid}. */
    public String encrypt(String kid, byte[] plain) {
        return PREFIX + Base64.getEncoder().encodeToString(cipher.seal(kid, plain));
    }

    /** Decrypts what {@link #encrypt} produced for {@code kid}; fails if the secret or the row differ. */
    public byte[] decrypt(String kid, String sealed) {
        if (!sealed.startsWith(PREFIX) && !sealed.startsWith(LEGACY_PREFIX)) {
            throw new IllegalStateException("unknown private key format for key " + kid);
        }
        try {
            return cipher.open(kid, Base64.getDecoder().decode(sealed.substring(PREFIX.length())));
        } catch (IllegalStateException | IllegalArgumentException e) {
            // never include key material; the kid is enough to find the row
            throw new IllegalStateException("private key " + kid + " cannot be decrypted with the configured key-encryption keys");
        }
    }
}
