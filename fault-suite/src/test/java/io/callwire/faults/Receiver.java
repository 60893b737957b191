package io.callwire.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A tenant's webhook receiver: a real HTTP server on loopback that records every request (the event's
 * {@code Id}, the {@code webhook-id}, when it arrived) and can be taken down (its port closed), made
 * slow (answers after a delay) and brought back on the same port.
 */
final class Receiver implements AutoCloseable {

    /** One request as it arrived. */
    record Arrival(String eventId, String messageId, Instant at, long latencyMillis) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, List<Arrival>> byEvent = new ConcurrentHashMap<>();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private volatile long delayMillis;
    private volatile int status = 200;
    private int port;
    private HttpServer server;

    Receiver() {
        listen();
    }

    /** {@code http://127.0.0.1:<port>/hook}. */
    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** Closes the port: connections are refused. */
    synchronized void down() {
        await(server.close());
        server = null;
    }

    /** Listens again on the same port, answering {@code 200} at once. */
    synchronized void up() {
        delayMillis = 0;
        status = 200;
        if (server == null) {
            listen();
        }
    }

    /** Answers every request after {@code delay}. */
    void slow(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** The events received at least once. */
    Set<String> eventIds() {
        return byEvent.keySet();
    }

    /** Every request received for an event, in order. */
    List<Arrival> arrivalsOf(String eventId) {
        return byEvent.getOrDefault(eventId, List.of());
    }

    /** Every request received, in order. */
    Collection<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** Events whose requests carried more than one {@code webhook-id}. */
    Set<String> inconsistentMessageIds() {
        Set<String> inconsistent = ConcurrentHashMap.newKeySet();
        byEvent.forEach((event, list) -> {
            if (list.stream().map(Arrival::messageId).distinct().count() > 1) {
                inconsistent.add(event);
            }
        });
        return inconsistent;
    }

    private void listen() {
        server = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            JsonObject event = new JsonObject(body);
            Instant now = Instant.now();
            long latency = Duration.between(Instant.parse(event.getString("Timestamp")), now).toMillis();
            Arrival arrival = new Arrival(event.getString("Id"), request.getHeader("webhook-id"), now, latency);
            arrivals.add(arrival);
            byEvent.computeIfAbsent(arrival.eventId(), id -> new CopyOnWriteArrayList<>()).add(arrival);
            long delay = delayMillis;
            int answer = status;
            if (delay > 0) {
                vertx.setTimer(delay, timer -> request.response().setStatusCode(answer).end());
            } else {
                request.response().setStatusCode(answer).end();
            }
        })).listen(port, "127.0.0.1"));
        port = server.actualPort();
    }

    @Override
    public void close() {
        await(vertx.close());
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
