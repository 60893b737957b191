package io.callwire.notifier.service;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.callwire.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Refuses webhook hosts that resolve to loopback, private, link-local, carrier-grade NAT, multicast or
 * cloud metadata addresses, so that a tenant cannot make Callwire call into its own network
 * (SSRF). The operator's allow-list ({@code callwire.notifier.allowed-private-addresses}: CIDR blocks
 * or host names) admits exceptions, e.g. loopback receivers for tests and the local run.
 *
 * <p>The same rules apply twice: to the host when a webhook is saved ({@link #check}, which resolves
 * and therefore blocks: call it from a worker thread), and to every address the host resolves to
 * right before each request ({@link #refusal(String, List)}, used by
 * {@link io.callwire.notifier.client.Destinations}), so that a host re-pointed to an internal
 * address after it was saved (DNS rebinding) is still refused.
 */
@ApplicationScoped
public class UrlGuard {

    private static final List<String> METADATA_HOSTS = List.of("metadata.google.internal", "metadata",
            "instance-data", "metadata.azure.com");

    /** The operator's exceptions: host names (lower case) and address blocks. */
    private record AllowList(List<String> hosts, List<Cidr> blocks) {

        static AllowList of(List<String> entries) {
            List<String> hosts = new ArrayList<>();
            List<Cidr> blocks = new ArrayList<>();
            for (String entry : entries) {
                String value = entry.trim();
                if (value.isEmpty()) {
                    continue;
                }
                Optional<Cidr> cidr = Cidr.parse(value);
                if (cidr.isPresent()) {
                    blocks.add(cidr.get());
                } else {
                    hosts.add(value.toLowerCase(Locale.ROOT));
                }
            }
            return new AllowList(List.copyOf(hosts), List.copyOf(blocks));
        }
    }

    private volatile AllowList allowed;

    @Inject
    public UrlGuard(NotifierConfig config) {
        this(config.allowedPrivateAddresses().orElse(List.of()));
    }

    /** A guard with this allow-list (CIDR blocks or host names), as in the configuration. */
    public UrlGuard(List<String> allowedPrivateAddresses) {
        this.allowed = AllowList.of(allowedPrivateAddresses);
    }

    /**
     * Replaces the allow-list while running. Only tests use it: narrowing the list after a webhook was
     * saved stands in for its host being re-pointed to an address the list does not admit.
     */
    public void replaceAllowList(List<String> allowedPrivateAddresses) {
        this.allowed = AllowList.of(allowedPrivateAddresses);
    }

    /** Why calls to {@code host} are refused, or empty when they are allowed. Resolves: blocks. */
    public Optional<String> check(String host) {
        String name = normalise(host);
        if (allowed.hosts().contains(name)) {
            return Optional.empty();
        }
        if (ambiguousIpv4(name)) {
            return Optional.of(ambiguous(host));
        }
        if (METADATA_HOSTS.contains(name)) {
            return Optional.of("host " + host + " is a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (refuses(address)) {
                return Optional.of("host " + host + " resolves to the internal address " + address.getHostAddress());
            }
        }
        return Optional.empty();
    }

    /**
     * Why a request to {@code host}, which now resolves to {@code addresses}, is refused, or empty when
     * every one of them is allowed. Does not resolve (never blocks): the send-time half of {@link #check}.
     */
    public Optional<String> refusal(String host, List<InetAddress> addresses) {
        String name = normalise(host);
        if (allowed.hosts().contains(name)) {
            return Optional.empty();
        }
        if (ambiguousIpv4(name)) {
            return Optional.of(ambiguous(host));
        }
        if (METADATA_HOSTS.contains(name)) {
            return Optional.of("host " + host + " is a cloud metadata service");
        }
        for (InetAddress address : addresses) {
            if (refuses(address)) {
                return Optional.of("destination address " + address.getHostAddress() + " is not allowed");
            }
        }
        return Optional.empty();
    }

    /** Whether the address is internal and not admitted by the operator's allow-list. */
    private boolean refuses(InetAddress address) {
        return isInternal(address) && allowed.blocks().stream().noneMatch(b -> b.contains(address));
    }

    /** One part of an IPv4 address as inet_aton(3) reads it: hex ({@code 0x7f}), octal ({@code 0177}) or decimal. */
    private static final java.util.regex.Pattern INET_ATON_PART = java.util.regex.Pattern.compile("0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*");
    /** An IPv4 address as four decimal parts without leading zeros: the one form every parser reads alike. */
    private static final java.util.regex.Pattern DOTTED_QUAD =
            java.util.regex.Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    /**
     * Whether a host is an IPv4 address in a form other than four plain decimal parts: octal
     * ({@code 0177.0.0.1}), hex ({@code 0x7f000001}), fewer parts ({@code 127.1}) or one integer
     * ({@code 2130706433}). Java reads {@code 0177.0.0.1} as the public 177.0.0.1 where curl, browsers
     * and proxies read 127.0.0.1, so a URL the guard let through would reach loopback through a proxy
     * or any other component: such hosts are refused whatever they resolve to here.
     */
    static boolean ambiguousIpv4(String name) {
        String host = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4 || host.isEmpty()) {
            return false;
        }
        for (String part : parts) {
            if (!INET_ATON_PART.matcher(part).matches()) {
                return false; // a name, not a number
            }
        }
        return !DOTTED_QUAD.matcher(name).matches();
    }

    private static String ambiguous(String host) {
        return "host " + host + " is an IPv4 address in an ambiguous form (octal, hex, or fewer than four parts): "
                + "write it as four decimal numbers";
    }

    /** Lower case, without the brackets of an IPv6 literal. */
    static String normalise(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name;
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240;
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7, includes AWS metadata fd00:ec2::254
            }
            if (zero(b, 0, 12)) {
                // IPv4-compatible ::a.b.c.d (deprecated, but stacks still route it to the IPv4 address)
                return isInternal(v4(b, 12));
            }
            if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return isInternal(v4(b, 12)); // IPv4-mapped ::ffff:a.b.c.d
            }
            int word0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
            int word1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            if (word0 == 0x0064 && word1 == 0xff9b) {
                // NAT64: the well-known prefix 64:ff9b::/96 carries the IPv4 address the translator connects to;
                // the local-use prefix 64:ff9b:1::/48 is the operator's own network
                return !zero(b, 4, 12) || isInternal(v4(b, 12));
            }
            if (word0 == 0x2002) {
                return isInternal(v4(b, 2)); // 6to4 2002:aabb:ccdd::/48 carries a.b.c.d
            }
            if (word0 == 0x2001 && word1 == 0x0000) {
                return true; // Teredo 2001::/32: the IPv4 client address is hidden (XOR), refuse the block
            }
            if (word0 == 0x2001 && word1 == 0x0db8) {
                return true; // documentation 2001:db8::/32
            }
            if (word0 == 0x0100 && zero(b, 2, 8)) {
                return true; // discard-only 100::/64
            }
        }
        return false;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] b, int offset) {
        try {
            return InetAddress.getByAddress(new byte[] {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /** An address block. */
    record Cidr(byte[] network, int prefix) {

        static Optional<Cidr> parse(String text) {
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            if (!host.matches("[0-9.]+") && !host.contains(":")) {
                return Optional.empty();
            }
            try {
                byte[] network = InetAddress.getByName(host).getAddress();
                int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
                return Optional.of(new Cidr(network, prefix));
            } catch (UnknownHostException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < candidate.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((candidate[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
