package io.callwire.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver behindIngress = new ClientAddressResolver(List.of("10.0.0.0/8", "fd00::/8", "192.0.2.1"));

    @Test
    void aDirectClientIsItsPeerWhateverItWritesInTheHeader() {
        assertThat(behindIngress.resolve("198.51.100.7", "10.1.1.1")).isEqualTo("198.51.100.7");
        assertThat(new ClientAddressResolver(List.of()).resolve("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
    }

    @Test
    void proxiesInsideATrustedCidrRangeAreSkippedFromTheRight() {
        // the former subscription-service resolver compared whole addresses only and ignored ranges
        assertThat(behindIngress.resolve("10.2.3.4", "203.0.113.9, 10.9.9.9")).isEqualTo("203.0.113.9");
        assertThat(behindIngress.resolve("fd00::5", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(behindIngress.resolve("192.0.2.1", "203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void aForgedLeftmostEntryIsNotBelieved() {
        assertThat(behindIngress.resolve("10.2.3.4", "1.2.3.4, 203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void garbageInTheHeaderFallsBackToThePeer() {
        assertThat(behindIngress.resolve("10.2.3.4", "evil.example")).isEqualTo("10.2.3.4");
    }

    @Test
    void ipv4MappedIpv6IsTheSameAddress() {
        assertThat(ClientAddressResolver.sameAddress("::ffff:127.0.0.1", "127.0.0.1")).isTrue();
        assertThat(ClientAddressResolver.sameAddress("127.0.0.1", "127.0.0.2")).isFalse();
        assertThat(ClientAddressResolver.sameAddress("127.0.0.1", null)).isFalse();
    }

    @Test
    void aBadRangeStopsTheStart() {
        assertThatThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> new ClientAddressResolver(List.of("proxy.local"))).hasMessageContaining("proxy.local");
    }
}
