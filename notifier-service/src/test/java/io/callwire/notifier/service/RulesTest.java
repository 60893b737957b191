package io.callwire.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.client.WebhookSender;

/** Unit tests of the pure rules: retry decisions, Retry-After, internal addresses, encodings, signatures. */
class RulesTest {

    static final WebhookSpec.Retry DEFAULT = new WebhookSpec.Retry(10, WebhookValidator.DEFAULT_SCHEDULE,
            WebhookValidator.DEFAULT_RETRY_ON);

    static WebhookSender.Result status(int code) {
        return new WebhookSender.Result(code, null, null, null, false, 5);
    }

    @Test
    void retriesTheDefaultFailuresOnly() {
        assertThat(RetryPolicy.retryable(DEFAULT, status(503))).isTrue();
        assertThat(RetryPolicy.retryable(DEFAULT, status(429))).isTrue();
        assertThat(RetryPolicy.retryable(DEFAULT, status(408))).isTrue();
        assertThat(RetryPolicy.retryable(DEFAULT, status(400))).isFalse();
        assertThat(RetryPolicy.retryable(DEFAULT, status(404))).isFalse();
        assertThat(RetryPolicy.retryable(DEFAULT, new WebhookSender.Result(null, null, null, "refused", false, 1))).isTrue();
        assertThat(RetryPolicy.retryable(DEFAULT, new WebhookSender.Result(null, null, null, "timeout", true, 1))).isTrue();
        WebhookSpec.Retry only5xx = new WebhookSpec.Retry(3, List.of(0d, 1d), List.of("5XX"));
        assertThat(RetryPolicy.retryable(only5xx, new WebhookSender.Result(null, null, null, "timeout", true, 1))).isFalse();
        // a destination the guard refused at send time is not retried, even when connection errors are
        assertThat(RetryPolicy.retryable(DEFAULT, new WebhookSender.Result(null, null, null,
                "destination address 10.0.0.5 is not allowed", false, 1, true))).isFalse();
    }

    @Test
    void followsTheScheduleWithJitterAndHonoursRetryAfter() {
        Duration max = Duration.ofHours(24);
        assertThat(RetryPolicy.nextDelay(DEFAULT, 1, null, max, 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryPolicy.nextDelay(DEFAULT, 2, null, max, 0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(RetryPolicy.nextDelay(DEFAULT, 9, null, max, 0)).isEqualTo(Duration.ofHours(24));
        assertThat(RetryPolicy.nextDelay(DEFAULT, 30, null, max, 0)).isEqualTo(Duration.ofHours(24));
        assertThat(RetryPolicy.nextDelay(DEFAULT, 3, null, max, 0.1)).isBetween(Duration.ofMinutes(27), Duration.ofMinutes(33));
        assertThat(RetryPolicy.nextDelay(DEFAULT, 3, "7", max, 0.1)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryPolicy.nextDelay(DEFAULT, 3, "999999", max, 0.1)).isEqualTo(max);
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));
        assertThat(RetryPolicy.nextDelay(DEFAULT, 3, inAMinute, max, 0)).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
    }

    @Test
    void refusesInternalIpv4AddressesHiddenInIpv6Forms() throws Exception {
        // IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96 (and the local-use 64:ff9b:1::/48), 6to4 2002::/16
        for (String internal : List.of("::127.0.0.1", "::169.254.169.254", "::10.0.0.1", "64:ff9b::a9fe:a9fe",
                "64:ff9b::7f00:1", "64:ff9b:1::a00:1", "2002:a9fe:a9fe::", "2002:7f00:1::1", "2002:c0a8:101::",
                "::", "2001:db8::1", "100::1")) {
            assertThat(UrlGuard.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        for (String external : List.of("64:ff9b::808:808", "2002:808:808::1", "2606:4700:4700::1111")) {
            assertThat(UrlGuard.isInternal(InetAddress.getByName(external))).as(external).isFalse();
        }
    }

    @Test
    void recognisesInternalAddresses() throws Exception {
        for (String internal : List.of("127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:10.0.0.1", "224.0.0.1")) {
            assertThat(UrlGuard.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        for (String external : List.of("203.0.113.10", "8.8.8.8", "2001:4860:4860::8888")) {
            assertThat(UrlGuard.isInternal(InetAddress.getByName(external))).as(external).isFalse();
        }
        assertThat(UrlGuard.Cidr.parse("10.0.0.0/8").orElseThrow().contains(InetAddress.getByName("10.200.1.1"))).isTrue();
        assertThat(UrlGuard.Cidr.parse("10.0.0.0/8").orElseThrow().contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    }

    @Test
    void encodesValuesForTheirPlaceInTheUrl() {
        // FocalScope: QueueName=Simple%20queue
        assertThat(TemplateRenderer.encode("Simple queue", "-._~!$'()*,;:@/?")).isEqualTo("Simple%20queue");
        assertThat(TemplateRenderer.encode("a&b=c#d+e", "-._~!$'()*,;:@/?")).isEqualTo("a%26b%3Dc%23d%2Be");
        assertThat(TemplateRenderer.encode("a/b", "-._~!$&'()*+,;=:@")).isEqualTo("a%2Fb");
        assertThat(TemplateRenderer.encode("Jyväskylä", "-._~!'()*")).isEqualTo("Jyv%C3%A4skyl%C3%A4");
    }

    @Test
    void signsLikeStandardWebhooks() throws Exception {
        String secret = Signatures.newSecret();
        assertThat(secret).startsWith("whsec_");
        String header = Signatures.header(List.of(secret), "msg_1", 1_700_000_000L, "{\"a\":1}");
        String expected = new com.standardwebhooks.Webhook(secret).sign("msg_1", 1_700_000_000L, "{\"a\":1}");
        assertThat(header).isEqualTo(expected);
    }
}
