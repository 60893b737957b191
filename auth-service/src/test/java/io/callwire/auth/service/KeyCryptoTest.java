package io.callwire.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.callwire.auth.config.AuthConfig;

/** Private keys at rest: only the right secret and the right row decrypt them. */
class KeyCryptoTest {

    private static final byte[] PLAIN = "pkcs8-bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsAndNeverStoresThePlainKey() {
        KeyCrypto crypto = crypto("a-key-encryption-secret-of-at-least-32-characters");
        String sealed = crypto.encrypt("kid-1", PLAIN);
        assertThat(sealed).startsWith("v1:").doesNotContain("pkcs8");
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
    void refusesAShortSecret() {
        assertThatThrownBy(() -> crypto("too-short")).hasMessageContaining("at least 32");
    }

    private static KeyCrypto crypto(String secret) {
        AuthConfig.Keys keys = (AuthConfig.Keys) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[] { AuthConfig.Keys.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("encryptionKey")) {
                        return secret;
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
