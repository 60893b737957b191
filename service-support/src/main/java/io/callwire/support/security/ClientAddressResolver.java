package io.callwire.support.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;

/**
 * The address a request really comes from: the TCP peer, unless that peer is a trusted proxy
 * ({@code callwire.security.trusted-proxies}, addresses or CIDR ranges), in which case
 * {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first untrusted
 * hop is the client. A client cannot forge its address: what it writes into the header is to the
 * left of what the proxies add, and a direct client's header is not read at all. Only IP literals
 * are parsed (never a DNS lookup); a header with anything else in it is not believed.
 */
@ApplicationScoped
public class ClientAddressResolver {

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((address[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> trusted;

    @Inject
    public ClientAddressResolver(SecurityConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    /** For tests and services that keep their own key: the trusted proxies as addresses or CIDR ranges. */
    public ClientAddressResolver(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().filter(s -> !s.isBlank()).map(ClientAddressResolver::range).toList();
    }

    /** The client address of {@code request}. */
    public String resolve(HttpServerRequest request) {
        return resolve(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.getHeader("X-Forwarded-For"));
    }

    /** The client address given the TCP peer and the {@code X-Forwarded-For} header (may be null). */
    public String resolve(String peer, String forwarded) {
        if (peer == null || trusted.isEmpty() || !isTrusted(peer) || forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (bytes(hop).isEmpty()) {
                return peer; // garbage in the header: believe none of it
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    /** Whether two textual addresses are the same IP (an IPv4-mapped IPv6 address equals its IPv4 form). */
    public static boolean sameAddress(String a, String b) {
        Optional<byte[]> left = bytes(a);
        Optional<byte[]> right = bytes(b);
        return left.isPresent() && right.isPresent() && Arrays.equals(left.get(), right.get());
    }

    private boolean isTrusted(String address) {
        Optional<byte[]> value = bytes(address);
        return value.isPresent() && trusted.stream().anyMatch(range -> range.contains(value.get()));
    }

    private static Range range(String text) {
        String[] parts = text.trim().split("/", 2);
        byte[] network = bytes(parts[0]).orElseThrow(() ->
                new IllegalStateException("callwire.security.trusted-proxies: not an IP address or CIDR range: " + text));
        int prefix;
        try {
            prefix = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : network.length * 8;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("callwire.security.trusted-proxies: bad prefix length in " + text);
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalStateException("callwire.security.trusted-proxies: bad prefix length in " + text);
        }
        return new Range(network, prefix);
    }

    /** The bytes of an IP literal (IPv4-mapped IPv6 as IPv4), empty when the text is not one. */
    static Optional<byte[]> bytes(String address) {
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
            return Optional.of(Arrays.copyOfRange(raw, 12, 16));
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
