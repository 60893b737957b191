package io.callwire.subscription.service;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.subscription.LiveSession;
import io.callwire.subscription.config.RteConfig;
import io.callwire.subscription.repository.SessionRepository;
import io.callwire.subscription.repository.SessionRepository.SessionRow;
import io.callwire.support.rest.Page;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The deployment-wide directory of real-time sessions ({@link ConnectionLedger} over
 * {@link SessionRepository}): every replica writes its connections there, so the sessions view
 * lists the connections of all replicas and the per-user limit counts them all.
 * <p>
 * Costs: an admission is one transaction (the subject's lock and a conditional insert) before the
 * upgrade; opening, a subscription change and a close are one statement each, sent without waiting.
 * The writes of one connection run one after another (a close never overtakes its open), and
 * subscription changes that pile up while one is written are written once, with the latest list.
 * Event delivery never touches it.
 * <p>
 * Every {@code replica-heartbeat-interval} the replica refreshes its heartbeat and deletes the
 * replicas whose heartbeat is older than {@code replica-expiry}, with their sessions: a killed
 * replica's sessions stop counting at once (every read asks for live replicas) and are gone
 * within one interval after the expiry. A replica taken for dead while alive (a long pause)
 * finds its row gone at its next heartbeat and writes itself and its sessions again.
 */
@Singleton
public class SessionDirectory implements ConnectionLedger {

    private static final Logger LOG = Logger.getLogger(SessionDirectory.class);
    /** How long a reservation counts if its upgrade never completes (as the replica's own slot). */
    private static final Duration RESERVATION = Duration.ofSeconds(30);

    private final SessionRepository repository;
    private final RteConfig config;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final UUID replica = UUID.randomUUID();
    private final String name;
    private final Map<SubscriberConnection, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile long timer = -1;

    /** One connection's row and the queue of its writes. */
    private static final class Entry {
        final SessionRow row;
        CompletionStage<Void> tail = CompletableFuture.completedFuture(null);
        boolean subscriptionsPending;

        Entry(SessionRow row) {
            this.row = row;
        }
    }

    public SessionDirectory(SessionRepository repository, RteConfig config, Vertx vertx, ObjectMapper json) {
        this.repository = repository;
        this.config = config;
        this.vertx = vertx;
        this.json = json;
        this.name = config.replicaName().filter(n -> !n.isBlank()).orElseGet(SessionDirectory::defaultName);
    }

    void start(@Observes StartupEvent start) {
        try {
            heartbeat().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // the next heartbeat writes the replica; admissions fail (503) until then
            LOG.warnf("replica %s not yet in the sessions table: %s", name, e.getMessage());
        }
        schedule();
    }

    void stop(@Observes ShutdownEvent stop) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        try {
            repository.remove(replica).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warnf("replica %s not removed from the sessions table (its heartbeat expires): %s", name, e.getMessage());
        }
    }

    /** This replica's name in the sessions view. */
    public String replicaName() {
        return name;
    }

    // ---------------------------------------------------------------- the ledger

    @Override
    public Uni<Boolean> reserve(Admission admission, int limit) {
        return repository.reserve(replica, row(admission, null), RESERVATION, config.replicaExpiry(), limit);
    }

    @Override
    public void release(Admission admission) {
        repository.delete(admission.id()).subscribe().with(ok -> { },
                failure -> LOG.warnf("reservation %s not released (it lapses): %s", admission.id(), failure.getMessage()));
    }

    @Override
    public void opened(SubscriberConnection connection, Admission admission) {
        SessionRow reserved = row(admission, connection);
        Entry entry = new Entry(reserved);
        entries.put(connection, entry);
        enqueue(entry, () -> repository.open(replica, withSubscriptions(entry.row, connection)), "open");
    }

    @Override
    public void subscriptionsChanged(SubscriberConnection connection) {
        Entry entry = entries.get(connection);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            if (entry.subscriptionsPending) {
                return; // the write already queued reads the list when it runs
            }
            entry.subscriptionsPending = true;
        }
        enqueue(entry, () -> {
            synchronized (entry) {
                entry.subscriptionsPending = false;
            }
            return repository.subscriptions(entry.row.id(), encode(connection));
        }, "subscriptions");
    }

    @Override
    public void closed(SubscriberConnection connection) {
        Entry entry = entries.remove(connection);
        if (entry != null) {
            enqueue(entry, () -> repository.delete(entry.row.id()), "close");
        }
    }

    /** A page of the organization's sessions on every live replica. */
    public Uni<Page<LiveSession>> list(UUID organizationId, int page, int size) {
        return repository.list(organizationId, config.replicaExpiry(), page, size);
    }

    // ---------------------------------------------------------------- heartbeat

    private void schedule() {
        if (!stopped) {
            timer = vertx.setTimer(config.replicaHeartbeatInterval().toMillis(), id -> heartbeat()
                    .chain(() -> repository.purge(config.replicaExpiry()))
                    .subscribe().with(ok -> schedule(), failure -> {
                        LOG.warnf("replica %s: heartbeat failed: %s", name, failure.getMessage());
                        schedule();
                    }));
        }
    }

    private Uni<Void> heartbeat() {
        return repository.heartbeat(replica).chain(alive -> {
            if (alive) {
                return Uni.createFrom().voidItem();
            }
            List<SessionRow> open = entries.entrySet().stream()
                    .map(e -> withSubscriptions(e.getValue().row, e.getKey())).toList();
            if (!open.isEmpty()) {
                LOG.warnf("replica %s was taken for dead: writing its %d sessions again", name, open.size());
            }
            return repository.reinstate(replica, name, open);
        });
    }

    // ---------------------------------------------------------------- rows

    /** Runs a write after the connection's earlier ones; a failure is logged and the queue goes on. */
    private void enqueue(Entry entry, Supplier<Uni<Void>> write, String what) {
        synchronized (entry) {
            entry.tail = entry.tail.thenCompose(v -> write.get().subscribeAsCompletionStage()
                    .exceptionally(failure -> {
                        LOG.warnf("session %s: %s not recorded: %s", entry.row.connectionId(), what, failure.getMessage());
                        return null;
                    }));
        }
    }

    private SessionRow row(Admission admission, SubscriberConnection connection) {
        return new SessionRow(admission.id(), admission.connectionId(), admission.caller().organizationId(),
                admission.caller().subject(), admission.caller().upn(), admission.protocol(),
                connection != null ? connection.remoteAddress() : admission.remoteAddress(),
                connection != null ? connection.connectedAt().atOffset(ZoneOffset.UTC) : null, null);
    }

    private SessionRow withSubscriptions(SessionRow row, SubscriberConnection connection) {
        return new SessionRow(row.id(), row.connectionId(), row.organizationId(), row.subject(), row.upn(), row.protocol(),
                row.remoteAddress(), row.connectedAt(), encode(connection));
    }

    private String encode(SubscriberConnection connection) {
        try {
            return json.writeValueAsString(connection.subscriptions());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("subscriptions not encodable", e);
        }
    }

    private static String defaultName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "replica";
            }
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
