package io.callwire.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.callwire.notifier.service.UrlGuard;
import io.smallrye.common.vertx.VertxContext;
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

    /**
     * Requests that share one resolution of their host go on in their own Vert.x context, not in that of the
     * request that started the resolution: the HTTP request is made there, and the context carries the
     * attempt's trace (a webhook request took another event's trace this way: TraceContextTest).
     */
    @Test
    void requestsSharingAResolutionGoOnInTheirOwnContext() throws Exception {
        CountDownLatch resolving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Destinations destinations = new Destinations(guard, vertx, host -> {
            resolving.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return InetAddress.getAllByName("127.0.0.1");
        }, Duration.ofMinutes(1));
        List<io.vertx.core.Context> callers = new CopyOnWriteArrayList<>();
        List<io.vertx.core.Context> continuedIn = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            io.vertx.core.Context caller = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
            callers.add(caller);
            caller.runOnContext(v -> destinations.of("http://localhost:9000/hook").onComplete(address -> {
                continuedIn.add(io.vertx.core.Vertx.currentContext());
                done.countDown();
            }));
            if (i == 0) {
                assertThat(resolving.await(10, TimeUnit.SECONDS)).as("the first request resolves the host").isTrue();
            }
        }
        release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(continuedIn).as("the contexts both requests went on in").containsExactlyInAnyOrderElementsOf(callers);
    }

    /** Waits for a destination; a failure is thrown as it is (Mutiny's await, around the Vert.x future). */
    private static SocketAddress await(Future<SocketAddress> destination) {
        return UniHelper.toUni(destination).await().indefinitely();
    }
}
