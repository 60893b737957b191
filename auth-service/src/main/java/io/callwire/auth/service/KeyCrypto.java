package io.callwire.auth.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.config.AuthConfig;

/**
 * Encrypts private signing keys at rest (AES-256-GCM, the key id as associated data so that a
 * ciphertext cannot be moved to another row). The AES key is derived from the configured
 * key-encryption secret, which never reaches the database.
 */
@ApplicationScoped
public class KeyCrypto {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int MIN_SECRET_LENGTH = 32;

    private final SecretKeySpec kek;
    private final SecureRandom random = new SecureRandom();

    public KeyCrypto(AuthConfig config) {
        String secret = config.keys().encryptionKey();
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("callwire.auth.keys.encryption-key must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        try {
            this.kek = new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encrypts {@code plain} (a PKCS#8 private key) for the row of key {@code kid}. */
    public String encrypt(String kid, byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(128, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("private key encryption failed", e);
        }
    }

    /** Decrypts what {@link #encrypt} produced for {@code kid}; fails if the secret or the row differ. */
    public byte[] decrypt(String kid, String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown private key format for key " + kid);
        }
        byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, all, 0, IV_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            // never include key material; the kid is enough to find the row
            throw new IllegalStateException("private key " + kid + " cannot be decrypted with the configured key-encryption key");
        }
    }
}
