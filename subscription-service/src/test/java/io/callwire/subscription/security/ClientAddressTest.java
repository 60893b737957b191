package io.callwire.subscription.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which address an IP-bound token is checked against. */
class ClientAddressTest {

    private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.1", "10.0.0.2"));

    @Test
    void believesForwardedForOnlyFromATrustedProxy() {
        assertThat(behindProxies.of("10.0.0.1", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(behindProxies.of("198.51.100.9", "203.0.113.7")).as("direct client").isEqualTo("198.51.100.9");
        assertThat(new ClientAddress(List.of()).of("10.0.0.1", "203.0.113.7")).isEqualTo("10.0.0.1");
    }

    @Test
    void takesTheRightMostAddressThatIsNotATrustedProxy() {
        // the client forged the first entry; the proxies appended the real one and themselves
        assertThat(behindProxies.of("10.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.2")).isEqualTo("203.0.113.7");
        assertThat(behindProxies.of("10.0.0.1", null)).isEqualTo("10.0.0.1");
    }
}
