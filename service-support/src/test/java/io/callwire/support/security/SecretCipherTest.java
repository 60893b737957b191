package io.callwire.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private final byte[] k1 = key();
    private final byte[] k2 = key();

    @Test
    void aValueSealedWithTheOldKeyStillOpensAfterRotationAndNewValuesUseTheNewKey() {
        SecretCipher before = new SecretCipher("k1", Map.of("k1", k1));
        byte[] old = before.seal("row-1", "client-secret");
        assertThat(SecretCipher.keyIdOf(old)).isEqualTo("k1");

        SecretCipher after = new SecretCipher("k2", Map.of("k1", k1, "k2", k2));
        assertThat(after.openText("row-1", old)).isEqualTo("client-secret");
        byte[] fresh = after.seal("row-1", "client-secret");
        assertThat(SecretCipher.keyIdOf(fresh)).isEqualTo("k2");
        assertThatThrownBy(() -> new SecretCipher("k1", Map.of("k1", k1)).open("row-1", fresh))
                .hasMessageContaining("k2");
    }

    @Test
    void aValueCopiedToAnotherRowDoesNotOpen() {
        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", k1));
        byte[] sealed = cipher.seal("row-1", "secret");
        assertThatThrownBy(() -> cipher.open("row-2", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void valuesStoredBeforeKeyIdsOpenWithTheLegacyKey() throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k1, "AES"), new GCMParameterSpec(128, iv));
        aes.updateAAD("row-1".getBytes(StandardCharsets.UTF_8));
        byte[] body = aes.doFinal("old".getBytes(StandardCharsets.UTF_8));
        byte[] legacy = new byte[12 + body.length];
        System.arraycopy(iv, 0, legacy, 0, 12);
        System.arraycopy(body, 0, legacy, 12, body.length);

        SecretCipher cipher = new SecretCipher("k2", Map.of(SecretCipher.LEGACY_KEY_ID, k1, "k2", k2));
        assertThat(cipher.openText("row-1", legacy)).isEqualTo("old");
    }

    @Test
    void keysMustBeAes256() {
        assertThatThrownBy(() -> new SecretCipher("k1", Map.of("k1", new byte[16]))).hasMessageContaining("32 bytes");
    }
}
