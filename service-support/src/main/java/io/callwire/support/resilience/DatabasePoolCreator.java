package io.callwire.support.resilience;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * The reactive PostgreSQL pool as Quarkus configures it, with one change: a request waits at most
 * {@code callwire.resilience.connection-acquisition-timeout} for a connection (Vert.x's default is
 * 30 s). While the database hangs, in-flight statements hold their connections; without this bound
 * every later request would queue behind them for half a minute.
 */
@Singleton
public class DatabasePoolCreator implements PgPoolCreator {

    private final ResilienceConfig config;

    public DatabasePoolCreator(ResilienceConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        input.poolOptions()
                .setConnectionTimeout((int) config.connectionAcquisitionTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        List<SqlConnectOptions> servers = List.copyOf(input.pgConnectOptionsList());
        return PgBuilder.pool().with(input.poolOptions()).connectingTo(servers).using(input.vertx()).build();
    }
}
