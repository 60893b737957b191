package io.callwire.notifier.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.callwire.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Credentials and signing secrets at rest, sealed with the security kit's AES-256-GCM
 * {@link io.callwire.support.security.SecretCipher}: the webhook id is the associated data (a value
 * copied onto another endpoint's row does not open) and the key id is in every stored value, so the
 * key rotates: set the new key in {@code callwire.notifier.encryption-key} with a new
 * {@code callwire.notifier.encryption-key-id}, and keep the old one in
 * {@code callwire.notifier.previous-encryption-keys} ({@code id:base64}, comma-separated) until every
 * row has been rewritten. Values stored before key ids existed open with the key listed as
 * {@code legacy}, by default the current key.
 */
@ApplicationScoped
public class SecretCipher {

    private final io.callwire.support.security.SecretCipher cipher;

    @Inject
    public SecretCipher(NotifierConfig config,
                        @ConfigProperty(name = "callwire.notifier.encryption-key-id", defaultValue = "k1") String keyId,
                        @ConfigProperty(name = "callwire.notifier.previous-encryption-keys") Optional<List<String>> previous) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        byte[] current = io.callwire.support.security.SecretCipher.base64Key("callwire.notifier.encryption-key", config.encryptionKey());
        keys.put(keyId, current);
        for (String entry : previous.orElse(List.of())) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("callwire.notifier.previous-encryption-keys: expected id:base64 entries");
            }
            String id = entry.substring(0, colon).trim();
            keys.put(id, io.callwire.support.security.SecretCipher.base64Key(
                    "callwire.notifier.previous-encryption-keys[" + id + "]", entry.substring(colon + 1)));
        }
        keys.putIfAbsent(io.callwire.support.security.SecretCipher.LEGACY_KEY_ID, current);
        this.cipher = new io.callwire.support.security.SecretCipher(keyId, keys);
    }

    /** Seals {@code plain} for the endpoint {@code id} with the current key. */
    public byte[] encrypt(UUID id, String plain) {
        return cipher.seal(id.toString(), plain);
    }

    /** Opens what {@link #encrypt} produced for the same endpoint, with whichever configured key sealed it. */
    public String decrypt(UUID id, byte[] sealed) {
        try {
            return cipher.openText(id.toString(), sealed);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("secrets of webhook " + id + " do not open with the configured keys", e);
        }
    }
}
