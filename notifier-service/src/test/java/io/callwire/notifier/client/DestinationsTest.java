package io.callwire.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callwire.notifier.service.UrlGuard;
import io.vertx.mutiny.core.Vertx;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;

/**
 * The send-time check: the host is resolved again right before the request (through an injected
 * resolver standing in for DNS), every address is checked with the save-time rules and allow-list,
 * and the request goes to the checked address.
 */
class DestinationsTest {

    private static Vertx vertx;

    /** The "DNS": host name to addresses, changeable during a test. */
    private final Map<String, String[]> dns = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final UrlGuard guard = new UrlGuard(List.of("127.0.0.0/8", "::1", "localhost"));

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    private Destinations destinations(Duration ttl) {
        return new Destinations(guard, vertx, host -> {
            lookups.incrementAndGet();
            String[] addresses = dns.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] resolved = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                resolved[i] = InetAddress.getByName(addresses[i]);
            }
            return resolved;
        }, ttl);
    }

    @Test
    void aHostRepointedToAnInternalAddressAfterItWasSavedIsRefusedAtSendTime() {
        Destinations destinations = destinations(Duration.ZERO);
        dns.put("my-host.example", new String[] {"93.184.216.34"});
        SocketAddress before = await(destinations.of("https://my-host.example/hook"));
        assertThat(before.host()).isEqualTo("93.184.216.34");
        assertThat(before.port()).isEqualTo(443);

        dns.put("my-host.example", new String[] {"10.0.0.5"});
        assertThatThrownBy(() -> await(destinations.of("https://my-host.example/hook")))
                .isInstanceOf(Destinations.DestinationRefusedException.class)
                .hasMessage("destination address 10.0.0.5 is not allowed");

        dns.put("my-host.example", new String[] {"169.254.169.254"});
        assertThatThrownBy(() -> await(destinations.of("http://my-host.example:8080/x")))
                .hasMessage("destination address 169.254.169.254 is not allowed");
    }

    @Test
    void everyAddressIsCheckedNotOnlyTheFirst() {
        dns.put("mixed.example", new String[] {"93.184.216.34", "192.168.1.10"});
        assertThatThrownBy(() -> await(destinations(Duration.ZERO).of("https://mixed.example/")))
                .hasMessage("destination address 192.168.1.10 is not allowed");
    }

    @Test
    void aPublicAddressPassesWithTheUrlsPort() {
        dns.put("crm.example.com", new String[] {"93.184.216.34"});
        SocketAddress address = await(destinations(Duration.ZERO).of("http://crm.example.com:8443/a?b=c"));
        assertThat(address.host()).isEqualTo("93.184.216.34");
        assertThat(address.port()).isEqualTo(8443);
    }

    @Test
    void anAllowListedLoopbackPasses() {
        dns.put("receiver.test", new String[] {"127.0.0.1"});
        assertThat(await(destinations(Duration.ZERO).of("http://receiver.test:9000/hook")).host())
                .isEqualTo("127.0.0.1");
        dns.put("localhost", new String[] {"127.0.0.1"});
        assertThat(await(destinations(Duration.ZERO).of("http://localhost:9000/hook")).port())
                .isEqualTo(9000);
    }

    @Test
    void withoutTheAllowListLoopbackIsRefused() {
        Destinations strict = new Destinations(new UrlGuard(List.of()), vertx, host -> InetAddress.getAllByName("127.0.0.1"),
                Duration.ZERO);
        assertThatThrownBy(() -> await(strict.of("http://localhost:9000/hook")))
                .isInstanceOf(Destinations.DestinationRefusedException.class)
                .hasMessage("destination address 127.0.0.1 is not allowed");
    }

    @Test
    void aHostThatDoesNotResolveIsAConnectionErrorNotARefusal() {
        assertThatThrownBy(() -> await(destinations(Duration.ZERO).of("https://gone.example/")))
                .isNotInstanceOf(Destinations.DestinationRefusedException.class)
                .hasRootCauseInstanceOf(UnknownHostException.class);
    }

    @Test
    void aBurstResolvesOncePerHostWithinTheCacheTime() {
        dns.put("busy.example", new String[] {"93.184.216.34"});
        Destinations destinations = destinations(Duration.ofMinutes(1));
        for (int i = 0; i < 50; i++) {
            await(destinations.of("https://busy.example/" + i));
        }
        assertThat(lookups).hasValue(1);
    }

    /** Waits for a destination; a failure is thrown as it is (Mutiny's await, around the Vert.x future). */
    private static SocketAddress await(Future<SocketAddress> destination) {
        return UniHelper.toUni(destination).await().indefinitely();
    }
}
