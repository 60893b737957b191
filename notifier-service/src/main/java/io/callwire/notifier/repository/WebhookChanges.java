package io.callwire.notifier.repository;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tells this replica that the endpoints changed, whichever replica changed them: {@code LISTEN
 * webhook_changed} on a connection of its own. The trigger that bumps the change counter sends the
 * notification, and PostgreSQL delivers it when the writing transaction commits. The connection is
 * opened with the datasource's reactive URL, user and password, and reopened after it is lost; each
 * time it is (re)established the callback runs too, so a change made while it was down is not missed.
 */
@ApplicationScoped
public class WebhookChanges {

    /** The channel the {@code webhook_changed()} trigger notifies (migration V4). */
    public static final String CHANNEL = "webhook_changed";

    private static final Logger LOG = Logger.getLogger(WebhookChanges.class);
    private static final long RETRY_MILLIS = 1_000;

    private final Vertx vertx;
    private final PgConnectOptions options;
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;

    public WebhookChanges(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                          @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                          @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.options = connectOptions(url, username, password);
    }

    /** Calls {@code onChange} after every committed change of the endpoints and after every (re)connection. */
    public void listen(Runnable onChange) {
        PgSubscriber created = PgSubscriber.subscriber(vertx, options)
                // a lost connection is opened again every second for as long as it takes (a database restart)
                .reconnectPolicy(retries -> RETRY_MILLIS);
        created.channel(CHANNEL)
                .handler(counter -> {
                    LOG.debugf("endpoints changed (counter %s)", counter);
                    onChange.run();
                })
                .subscribeHandler(onChange);
        subscriber = created;
        created.connect().subscribe().with(
                ok -> LOG.infof("listening to %s: changes of the endpoints through other replicas arrive at once", CHANNEL),
                failure -> {
                    // the reconnect policy covers a connection that was lost, not a first one that failed
                    created.closeAndForget();
                    if (stopped) {
                        return;
                    }
                    LOG.warnf("cannot listen to endpoint changes yet (the periodic index refresh covers them): %s",
                            failure.getMessage());
                    vertx.setTimer(RETRY_MILLIS, id -> {
                        if (!stopped) {
                            listen(onChange);
                        }
                    });
                });
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        PgSubscriber current = subscriber;
        if (current != null) {
            current.closeAndForget();
        }
    }

    /** The first server of the datasource's reactive URL (Quarkus allows a comma-separated list). */
    static PgConnectOptions connectOptions(String url, Optional<String> username, Optional<String> password) {
        String first = url.split(",")[0].trim();
        if (first.startsWith("vertx-reactive:")) {
            first = first.substring("vertx-reactive:".length());
        }
        PgConnectOptions options = PgConnectOptions.fromUri(first);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return options;
    }
}
