package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.subscription.security.ClientAddress;

/** GUID and address parsing used by validation and IP binding. */
class GuidTest {

    @Test
    void acceptsTheFormatsDotNetClientsSendAndNothingElse() {
        UUID id = UUID.fromString("c9eeb030-ff4b-ea11-ac9c-00155d4fdcf3");
        assertThat(Guid.parse("c9eeb030-ff4b-ea11-ac9c-00155d4fdcf3")).contains(id);
        assertThat(Guid.parse("C9EEB030-FF4B-EA11-AC9C-00155D4FDCF3")).contains(id);
        assertThat(Guid.parse("{c9eeb030-ff4b-ea11-ac9c-00155d4fdcf3}")).contains(id);
        assertThat(Guid.parse("c9eeb030ff4bea11ac9c00155d4fdcf3")).contains(id);
        assertThat(Guid.parse("1-1-1-1-1")).isEmpty();
        assertThat(Guid.parse("{c9eeb030-ff4b-ea11-ac9c-00155d4fdcf3")).isEmpty();
        assertThat(Guid.parse("c9eeb030-ff4b-ea11-ac9c-00155d4fdcf")).isEmpty();
        assertThat(Guid.parse("")).isEmpty();
        assertThat(Guid.parse(null)).isEmpty();
    }

    @Test
    void comparesAddressesAsIps() {
        assertThat(ClientAddress.sameAddress("127.0.0.1", "::ffff:127.0.0.1")).isTrue();
        assertThat(ClientAddress.sameAddress("[::1]", "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(ClientAddress.sameAddress("10.0.0.1", "10.0.0.2")).isFalse();
        assertThat(ClientAddress.sameAddress("example.com", "example.com")).isFalse();
    }
}
