package io.callwire.faults;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;

import io.reactivex.rxjava3.core.Single;

/**
 * A browser's live view, through the Microsoft SignalR Java client (unchanged): connected to
 * subscription-service's {@code /rte} with an RTE token, subscribed to one queue's
 * {@code QueueStatus}, recording the ids of the events it receives. When its connection closes it
 * counts the close; {@link #reconnect()} does what an application does then (the Java client has no
 * stateful reconnect): a new connection and the same subscription.
 */
final class LiveClient implements AutoCloseable {

    private final String hubUrl;
    private final String token;
    private final UUID queue;
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final AtomicInteger closes = new AtomicInteger();
    private volatile HubConnection connection;

    LiveClient(String hubUrl, String token, UUID queue) {
        this.hubUrl = hubUrl;
        this.token = token;
        this.queue = queue;
    }

    /** Connects and subscribes; fails if the subscription is not accepted. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    LiveClient connect() {
        HubConnection opened = HubConnectionBuilder.create(hubUrl).withAccessTokenProvider(Single.just(token)).build();
        opened.on("MessageReceived", message -> {
            Object data = message.get("data");
            if (data instanceof Map fields && fields.get("id") != null) {
                received.add(fields.get("id").toString());
            }
        }, Map.class);
        opened.onClosed(error -> closes.incrementAndGet());
        opened.start().blockingAwait(15, TimeUnit.SECONDS);
        List<Map> results = opened.invoke(List.class, "Subscribe",
                List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus"))).blockingGet();
        if (results.isEmpty() || !Boolean.TRUE.equals(results.get(0).get("subscribed"))) {
            opened.stop().blockingAwait(5, TimeUnit.SECONDS);
            throw new IllegalStateException("subscription refused: " + results);
        }
        connection = opened;
        return this;
    }

    /** A new connection and the same subscription, after the previous one closed. */
    void reconnect() {
        HubConnection previous = connection;
        if (previous != null && previous.getConnectionState() != HubConnectionState.DISCONNECTED) {
            previous.stop().blockingAwait(5, TimeUnit.SECONDS);
        }
        connect();
    }

    /** Whether the current connection is open. */
    boolean connected() {
        HubConnection current = connection;
        return current != null && current.getConnectionState() == HubConnectionState.CONNECTED;
    }

    /** The id the server gave the current connection. */
    String connectionId() {
        return connection.getConnectionId();
    }

    /** How many times a connection of this client was closed (by the server or the network). */
    int closes() {
        return closes.get();
    }

    /** Ids of the events received. */
    Set<String> received() {
        return Set.copyOf(received);
    }

    @Override
    public void close() {
        HubConnection current = connection;
        if (current != null && current.getConnectionState() != HubConnectionState.DISCONNECTED) {
            current.stop().blockingAwait(5, TimeUnit.SECONDS);
        }
    }
}
