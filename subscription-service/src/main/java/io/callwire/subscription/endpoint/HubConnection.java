package io.callwire.subscription.endpoint;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.subscription.Caller;
import io.callwire.subscription.Guid;
import io.callwire.subscription.Subscription;
import io.callwire.subscription.SubscriptionResult;
import io.callwire.subscription.service.SubscriptionDecision;
import io.callwire.subscription.service.SubscriptionRequest;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * One SignalR connection: the JSON hub protocol over a WebSocket (handshake, records separated by
 * 0x1E in text or binary frames, Invocation / Completion / Ping / Close) and the connection's
 * subscriptions. Protocol state is only touched on the connection's own event loop; deliveries may
 * come from any thread and only write.
 */
public final class HubConnection {

    private static final Logger LOG = Logger.getLogger(HubConnection.class);
    private static final byte RECORD_SEPARATOR = 0x1E;

    private enum State { HANDSHAKE, OPEN, CLOSED }

    private final UUID connectionId;
    private final Caller caller;
    private final ServerWebSocket socket;
    private final Context context;
    private final String remoteAddress;
    private final Instant connectedAt = Instant.now();
    private final RteHub hub;
    /** Keyed by (event, entity): a connection holds one subscription per pair. */
    private final Map<String, ActiveSubscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile State state = State.HANDSHAKE;
    private volatile long lastReceived = System.nanoTime();
    private Buffer pending = Buffer.buffer();

    HubConnection(UUID connectionId, Caller caller, ServerWebSocket socket, Context context, String remoteAddress,
                  RteHub hub) {
        this.connectionId = connectionId;
        this.caller = caller;
        this.socket = socket;
        this.context = context;
        this.remoteAddress = remoteAddress;
        this.hub = hub;
    }

    /** The connection id (from negotiate, or made up for clients that skip it). */
    public UUID connectionId() {
        return connectionId;
    }

    /** Who is connected. */
    public Caller caller() {
        return caller;
    }

    /** The client address. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** When the WebSocket opened. */
    public Instant connectedAt() {
        return connectedAt;
    }

    /** The event loop context the connection's protocol runs on. */
    Context context() {
        return context;
    }

    /** A snapshot of the active subscriptions. */
    public List<Subscription> subscriptions() {
        return subscriptions.values().stream().map(ActiveSubscription::subscription).toList();
    }

    void start() {
        socket.handler(this::onData);
        socket.exceptionHandler(error -> LOG.debugf("connection %s: %s", connectionId, error.getMessage()));
        socket.setWriteQueueMaxSize(hub.config().writeQueueMaxBytes());
        long timer = hub.vertx().setTimer(hub.config().handshakeTimeout().toMillis(), id -> {
            if (state == State.HANDSHAKE) {
                closeWithError("Handshake was not received in time", false);
            }
        });
        socket.closeHandler(ignored -> {
            hub.vertx().cancelTimer(timer);
            onClosed();
        });
    }

    // ---------------------------------------------------------------- inbound

    private void onData(Buffer data) {
        if (state == State.CLOSED) {
            return;
        }
        lastReceived = System.nanoTime();
        pending.appendBuffer(data);
        int start = 0;
        int length = pending.length();
        for (int i = 0; i < length && state != State.CLOSED; i++) {
            if (pending.getByte(i) == RECORD_SEPARATOR) {
                handleRecord(pending.getBytes(start, i));
                start = i + 1;
            }
        }
        if (state == State.CLOSED) {
            return;
        }
        pending = start == 0 ? pending : pending.getBuffer(start, length);
        if (pending.length() > hub.config().maxMessageSize()) {
            closeWithError("Message exceeds the maximum size of " + hub.config().maxMessageSize() + " bytes", false);
        }
    }

    private void handleRecord(byte[] record) {
        if (record.length > hub.config().maxMessageSize()) {
            closeWithError("Message exceeds the maximum size of " + hub.config().maxMessageSize() + " bytes", false);
            return;
        }
        JsonNode message;
        try {
            message = hub.mapper().readTree(record);
        } catch (java.io.IOException | RuntimeException malformed) {
            closeWithError(state == State.HANDSHAKE ? "Handshake request is not valid JSON"
                    : "Message is not valid JSON", false);
            return;
        }
        if (message == null || !message.isObject()) {
            closeWithError("Message must be a JSON object", false);
            return;
        }
        if (state == State.HANDSHAKE) {
            handshake(message);
        } else {
            dispatch((ObjectNode) message);
        }
    }

    private void handshake(JsonNode request) {
        String protocol = request.path("protocol").asText(null);
        if (!"json".equals(protocol)) {
            sendHandshakeError("Requested protocol '" + protocol + "' is not available.");
            return;
        }
        if (request.path("version").asInt(-1) != 1) {
            sendHandshakeError("The server does not support version " + request.path("version") + " of the 'json' protocol.");
            return;
        }
        state = State.OPEN;
        writeRecord("{}");
    }

    private void sendHandshakeError(String error) {
        ObjectNode body = hub.mapper().createObjectNode().put("error", error);
        writeRecord(body.toString());
        state = State.CLOSED;
        closing.set(true);
        socket.close();
    }

    private void dispatch(ObjectNode message) {
        JsonNode type = message.get("type");
        if (type == null || !type.isInt()) {
            closeWithError("Message has no integer 'type'", false);
            return;
        }
        JsonNode id = message.get("invocationId");
        String invocationId = id != null && id.isTextual() ? id.textValue() : null;
        switch (type.intValue()) {
            case 1 -> invoke(invocationId, message.path("target").asText(""), message.get("arguments"));
            case 4 -> complete(invocationId, null, "Streaming hub methods are not supported");
            case 6 -> { /* keep-alive: lastReceived already updated */ }
            case 7 -> {
                state = State.CLOSED;
                closing.set(true);
                socket.close();
            }
            default -> closeWithError("Message type " + type.intValue() + " is not supported", false);
        }
    }

    private void invoke(String invocationId, String target, JsonNode arguments) {
        if (arguments != null && !arguments.isArray() && !arguments.isNull()) {
            complete(invocationId, null, "Invocation 'arguments' must be an array");
            return;
        }
        ArrayNode args = arguments == null || arguments.isNull() ? hub.mapper().createArrayNode() : (ArrayNode) arguments;
        switch (target.toLowerCase(Locale.ROOT)) {
            case "subscribe" -> subscriptionItems(target, args).ifPresentOrElse(
                    items -> subscribe(invocationId, items), () -> complete(invocationId, null, argumentError(target)));
            case "unsubscribe" -> subscriptionItems(target, args).ifPresentOrElse(
                    items -> complete(invocationId, unsubscribe(items), null),
                    () -> complete(invocationId, null, argumentError(target)));
            case "unsubscribeall" -> {
                removeWhere(s -> true);
                complete(invocationId, Boolean.TRUE, null);
            }
            case "availablesubscriptions" -> complete(invocationId, hub.catalog().eventNames(), null);
            case "activesubscriptions" -> complete(invocationId, subscriptions(), null);
            default -> complete(invocationId, null, "Unknown hub method '" + target + "'");
        }
    }

    private static String argumentError(String target) {
        return "Failed to invoke '" + target + "': the argument must be an array of EntitySubscription objects";
    }

    /** The items of a Subscribe/Unsubscribe call; empty if the arguments have the wrong shape. */
    private static Optional<List<SubscriptionRequest>> subscriptionItems(String target, ArrayNode args) {
        if (args.size() != 1 || !args.get(0).isArray()) {
            return Optional.empty();
        }
        List<SubscriptionRequest> items = new ArrayList<>();
        for (JsonNode item : args.get(0)) {
            if (!item.isObject()) {
                return Optional.empty();
            }
            JsonNode entityId = property(item, "entityId");
            JsonNode eventName = property(item, "eventName");
            String entity = entityId == null || entityId.isNull() ? null
                    : entityId.isTextual() ? entityId.textValue() : entityId.toString();
            String event = eventName != null && eventName.isTextual() ? eventName.textValue() : null;
            items.add(new SubscriptionRequest(entity, event));
        }
        return Optional.of(items);
    }

    /** A property matched case-insensitively, as ASP.NET's JSON binding matches EntitySubscription. */
    private static JsonNode property(JsonNode object, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- hub methods

    private void subscribe(String invocationId, List<SubscriptionRequest> items) {
        hub.subscriptions().decide(caller, items).subscribe().with(
                decisions -> context.runOnContext(v -> complete(invocationId, apply(decisions), null)),
                failure -> context.runOnContext(v -> {
                    LOG.errorf(failure, "connection %s: Subscribe failed", connectionId);
                    complete(invocationId, null, "Subscribe failed, try again later");
                }));
    }

    private List<SubscriptionResult> apply(List<SubscriptionDecision> decisions) {
        List<SubscriptionResult> results = new ArrayList<>(decisions.size());
        for (SubscriptionDecision decision : decisions) {
            SubscriptionRequest request = decision.request();
            if (!decision.isAllowed()) {
                results.add(decision.rejection());
                continue;
            }
            if (state == State.CLOSED) {
                results.add(new SubscriptionResult(false, "Connection closed", request.entityId(), request.echoedEventName()));
                continue;
            }
            Subscription template = decision.allowed();
            String key = key(template.eventType(), template.entityId());
            if (!subscriptions.containsKey(key)) {
                if (subscriptions.size() >= hub.config().maxSubscriptionsPerConnection()) {
                    results.add(new SubscriptionResult(false, "Subscription limit of "
                            + hub.config().maxSubscriptionsPerConnection() + " per connection reached",
                            request.entityId(), request.echoedEventName()));
                    continue;
                }
                Subscription subscription = new Subscription(UUID.randomUUID(), template.allRootEntities(),
                        template.rootEntityId(), template.rootEntityType(), template.organizationId(),
                        template.eventType(), template.entityType(), template.entityId(), template.allEntities());
                ActiveSubscription active = new ActiveSubscription(subscription, this, hub.mapper());
                subscriptions.put(key, active);
                hub.index().add(active);
            }
            results.add(new SubscriptionResult(true, null, request.entityId(), request.echoedEventName()));
        }
        return results;
    }

    private List<SubscriptionResult> unsubscribe(List<SubscriptionRequest> items) {
        List<SubscriptionResult> results = new ArrayList<>(items.size());
        for (SubscriptionRequest request : items) {
            Optional<String> invalid = hub.subscriptions().syntaxError(request);
            if (invalid.isPresent()) {
                results.add(new SubscriptionResult(false, invalid.get(), request.entityId(), request.echoedEventName()));
                continue;
            }
            String event = hub.subscriptions().canonicalEventName(request.eventName()).orElseThrow();
            UUID entity = request.entityId() == null ? null : Guid.parse(request.entityId()).orElseThrow();
            ActiveSubscription removed = subscriptions.remove(key(event, entity));
            if (removed != null) {
                hub.index().remove(removed);
            }
            results.add(new SubscriptionResult(false, null, request.entityId(), request.echoedEventName()));
        }
        return results;
    }

    /**
     * Drops the subscriptions a permission change no longer allows and tells the client with a
     * {@code SubscriptionRevoked} invocation naming them. Runs on the connection's event loop.
     */
    void revokeWhere(Predicate<Subscription> noLongerAllowed) {
        context.runOnContext(v -> {
            List<Subscription> revoked = removeWhere(noLongerAllowed);
            if (!revoked.isEmpty() && state == State.OPEN) {
                ObjectNode invocation = hub.mapper().createObjectNode().put("type", 1).put("target", "SubscriptionRevoked");
                invocation.putArray("arguments").add(hub.mapper().valueToTree(revoked));
                writeRecord(invocation.toString());
            }
        });
    }

    private List<Subscription> removeWhere(Predicate<Subscription> predicate) {
        List<Subscription> removed = new ArrayList<>();
        subscriptions.values().removeIf(active -> {
            if (predicate.test(active.subscription())) {
                hub.index().remove(active);
                removed.add(active.subscription());
                return true;
            }
            return false;
        });
        return removed;
    }

    private static String key(String eventType, UUID entityId) {
        return eventType + '/' + entityId;
    }

    // ---------------------------------------------------------------- outbound

    /**
     * Writes one event to this connection: the subscription's pre-encoded prefix, the event data
     * encoded once for all recipients, and the record's tail, as one text frame (three array copies,
     * no JSON encoding per recipient).
     * Closes the connection as a slow consumer once its outbound buffer passes the limit. Called on
     * the connection's event loop; returns whether the record was written.
     */
    boolean deliver(ActiveSubscription subscription, byte[] data) {
        if (state != State.OPEN || closing.get()) {
            hub.metrics().dropped();
            return false;
        }
        // one heap array per recipient: Vert.x copies composite or pooled buffers again before
        // writing (profiled), a plain wrapped array goes to the channel as it is
        byte[] prefix = subscription.prefix();
        byte[] record = new byte[prefix.length + data.length + ActiveSubscription.TAIL.length];
        System.arraycopy(prefix, 0, record, 0, prefix.length);
        System.arraycopy(data, 0, record, prefix.length, data.length);
        System.arraycopy(ActiveSubscription.TAIL, 0, record, prefix.length + data.length, ActiveSubscription.TAIL.length);
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(record), true));
        if (socket.writeQueueFull()) {
            hub.metrics().slowConsumers.increment();
            closeWithError("Slow consumer", true);
        }
        return true;
    }

    /** Sends the keep-alive Ping and closes connections silent for longer than the client timeout. */
    void keepAlive(byte[] ping, long clientTimeoutNanos) {
        if (state != State.OPEN || closing.get()) {
            return;
        }
        if (System.nanoTime() - lastReceived > clientTimeoutNanos) {
            context.runOnContext(v -> closeWithError("Server timeout elapsed without receiving a message from the client", true));
            return;
        }
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(ping), true));
    }

    /** Closes with a SignalR Close message: {@code {"type":7,"error":...,"allowReconnect":...}}. */
    void closeWithError(String error, boolean allowReconnect) {
        if (io.vertx.core.Vertx.currentContext() != context) {
            context.runOnContext(v -> closeWithError(error, allowReconnect));
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        closing.set(true);
        ObjectNode close = hub.mapper().createObjectNode().put("type", 7).put("error", error)
                .put("allowReconnect", allowReconnect);
        writeRecord(close.toString());
        state = State.CLOSED;
        socket.close();
    }

    private void complete(String invocationId, Object result, String error) {
        if (invocationId == null || state != State.OPEN) {
            return; // a non-blocking invocation gets no completion
        }
        ObjectNode completion = hub.mapper().createObjectNode().put("type", 3).put("invocationId", invocationId);
        if (error != null) {
            completion.put("error", error);
        } else {
            completion.set("result", hub.mapper().valueToTree(result));
        }
        writeRecord(completion.toString());
    }

    private void writeRecord(String json) {
        byte[] bytes = (json + '\u001e').getBytes(StandardCharsets.UTF_8);
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(bytes), true));
    }

    private void onClosed() {
        state = State.CLOSED;
        closing.set(true);
        removeWhere(s -> true);
        hub.connections().remove(this);
    }
}
