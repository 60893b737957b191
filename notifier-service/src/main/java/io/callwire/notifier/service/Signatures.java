package io.callwire.notifier.service;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;

/**
 * Standard Webhooks signatures: {@code v1,} + base64 HMAC-SHA256 over {@code id.timestamp.body}
 * with the secret's bytes ({@code whsec_} + base64), made by the Standard Webhooks Java library
 * ({@code com.standardwebhooks:standardwebhooks}), the one receivers verify with.
 */
public final class Signatures {

    /** Prefix of every signing secret. */
    public static final String SECRET_PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {
    }

    /** A new random secret (32 bytes). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The {@code webhook-signature} header value: one {@code v1,} signature per secret, space separated. */
    public static String header(List<String> secrets, String messageId, long timestampSeconds, String body) {
        StringBuilder out = new StringBuilder();
        for (String secret : secrets) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(signer(secret).sign(messageId, timestampSeconds, body));
        }
        return out.toString();
    }

    /** The {@code v1,…} signature of one message with one secret (the library's, as receivers verify it). */
    static String sign(String secret, String messageId, long timestampSeconds, String body) {
        String signed = signer(secret).sign(messageId, timestampSeconds, body);
        return signed.startsWith("v1,") ? signed.substring(3) : signed;
    }

    /** Signers by secret: the library decodes the key once per signer, not once per request. */
    private static final Map<String, Signer> SIGNERS = new ConcurrentHashMap<>();

    private static Signer signer(String secret) {
        Signer signer = SIGNERS.get(secret);
        if (signer == null) {
            if (SIGNERS.size() > 10_000) {
                SIGNERS.clear(); // bounded: rotated and deleted endpoints' secrets do not pile up
            }
            signer = SIGNERS.computeIfAbsent(secret, Signer::new);
        }
        return signer;
    }

    private static final class Signer {
        private final Webhook webhook;

        Signer(String secret) {
            try {
                this.webhook = new Webhook(secret);
            } catch (EmptyWebhookSecretException e) {
                throw new IllegalStateException("an endpoint has an empty signing secret", e);
            }
        }

        String sign(String messageId, long timestampSeconds, String body) {
            try {
                return webhook.sign(messageId, timestampSeconds, body);
            } catch (WebhookSigningException e) {
                throw new IllegalStateException("signing failed: " + e.getMessage(), e);
            }
        }
    }
}
