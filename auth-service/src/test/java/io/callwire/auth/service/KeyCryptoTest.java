package io.callwire.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.callwire.auth.config.AuthConfig;

/** Private keys at rest: only the right secret and the right row decrypt them. */
class KeyCryptoTest {

    private static final byte[] PLAIN = "pkcs8-bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsAndNeverStoresThePlainKey() {
        KeyCrypto crypto = crypto("a-key-encryption-secret-of-at-least-32-characters");
        String sealed = crypto.encrypt("kid-1", PLAIN);
        assertThat(sealed).startsWith("v2:").doesNotContain("pkcs8");
        assertThat(crypto.decrypt("kid-1", sealed)).isEqualTo(PLAIN);
        assertThat(crypto.encrypt("kid-1", PLAIN)).isNotEqualTo(sealed);
    }

    @Test
    void anotherSecretOrAnotherRowCannotDecrypt() {
        String sealed = crypto("a-key-encryption-secret-of-at-least-32-characters").encrypt("kid-1", PLAIN);
        assertThatThrownBy(() -> crypto("another-key-encryption-secret-of-32-characters!").decrypt("kid-1", sealed))
                .hasMessageContaining("kid-1").hasMessageNotContaining("pkcs8");
        assertThatThrownBy(() -> crypto("a-key-encryption-secret-of-at-least-32-characters").decrypt("kid-2", sealed))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theKeyEncryptionSecretRotatesAndOldPrivateKeysStillOpen() throws Exception {
        String oldSecret = "a-key-encryption-secret-of-at-least-32-characters";
        String sealedBefore = crypto(oldSecret).encrypt("kid-1", PLAIN);
        KeyCrypto rotated = crypto("the-next-key-encryption-secret-of-32-characters", "k2", "k1:" + oldSecret);
        assertThat(rotated.decrypt("kid-1", sealedBefore)).isEqualTo(PLAIN);
        String sealedAfter = rotated.encrypt("kid-1", PLAIN);
        assertThat(io.callwire.support.security.SecretCipher.keyIdOf(java.util.Base64.getDecoder().decode(sealedAfter.substring(3))))
                .isEqualTo("k2");
        assertThatThrownBy(() -> crypto(oldSecret).decrypt("kid-1", sealedAfter)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void privateKeysStoredBeforeKeyIdsStillOpen() throws Exception {
        String secret = "a-key-encryption-secret-of-at-least-32-characters";
        byte[] iv = new byte[12];
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(java.security.MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)), "AES"), new javax.crypto.spec.GCMParameterSpec(128, iv));
        aes.updateAAD("kid-1".getBytes(StandardCharsets.UTF_8));
        byte[] body = aes.doFinal(PLAIN);
        byte[] all = new byte[12 + body.length];
        System.arraycopy(body, 0, all, 12, body.length);
        String v1 = "v1:" + java.util.Base64.getEncoder().encodeToString(all);
        assertThat(crypto(secret).decrypt("kid-1", v1)).isEqualTo(PLAIN);
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> crypto("too-short")).hasMessageContaining("at least 32");
    }

    private static KeyCrypto crypto(String secret) {
        return crypto(secret, "k1");
    }

    private static KeyCrypto crypto(String secret, String keyId, String... previous) {
        AuthConfig.Keys keys = (AuthConfig.Keys) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[] { AuthConfig.Keys.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("encryptionKey")) {
                        return secret;
                    }
                    if (method.getName().equals("encryptionKeyId")) {
                        return keyId;
                    }
                    if (method.getName().equals("previousEncryptionKeys")) {
                        return previous.length == 0 ? Optional.empty() : Optional.of(List.of(previous));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        AuthConfig config = (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[] { AuthConfig.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("keys")) {
                        return keys;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new KeyCrypto(config);
    }
}
