package io.callwire.subscription.security;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.subscription.config.RteConfig;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;

/**
 * The address a request comes from, for IP-bound tokens: the TCP peer, or, when the peer is one of
 * the configured trusted proxies, the right-most {@code X-Forwarded-For} entry that is not itself a
 * trusted proxy. A client cannot spoof its address through the header when it connects directly.
 */
@ApplicationScoped
public class ClientAddress {

    private final List<byte[]> trustedProxies;

    @jakarta.inject.Inject
    public ClientAddress(RteConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(ClientAddress::bytes).flatMap(Optional::stream).toList();
    }

    /** The client's address as written on the wire (textual IP). */
    public String of(HttpServerRequest request) {
        return of(request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress(),
                request.getHeader("X-Forwarded-For"));
    }

    /** The client's address given the TCP peer and the {@code X-Forwarded-For} header (may be null). */
    String of(String peer, String forwarded) {
        if (!isTrustedProxy(peer)) {
            return peer;
        }
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!isTrustedProxy(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    /** Whether the two textual addresses are the same IP (IPv4-mapped IPv6 equals its IPv4). */
    public static boolean sameAddress(String a, String b) {
        Optional<byte[]> left = bytes(a);
        Optional<byte[]> right = bytes(b);
        return left.isPresent() && right.isPresent() && java.util.Arrays.equals(left.get(), right.get());
    }

    private boolean isTrustedProxy(String address) {
        Optional<byte[]> value = bytes(address);
        return value.isPresent() && trustedProxies.stream().anyMatch(p -> java.util.Arrays.equals(p, value.get()));
    }

    private static Optional<byte[]> bytes(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String value = address.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        byte[] raw = NetUtil.createByteArrayFromIpAddressString(value);
        if (raw == null) {
            return Optional.empty();
        }
        if (raw.length == 16 && isIpv4Mapped(raw)) {
            return Optional.of(java.util.Arrays.copyOfRange(raw, 12, 16));
        }
        return Optional.of(raw);
    }

    private static boolean isIpv4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }
}
