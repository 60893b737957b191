package io.callwire.support.resilience;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Readiness of the database, bounded: {@code SELECT 1} must answer within
 * {@code callwire.resilience.readiness-timeout}. It replaces Quarkus's own check
 * ({@code quarkus.datasource.health.enabled=false}), which waits up to 20 s on a hung server and
 * so holds {@code /q/health/ready} past any probe's timeout.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    private final Instance<Pool> pool;
    private final ResilienceConfig config;

    public DatabaseReadiness(Instance<Pool> pool, ResilienceConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!pool.isResolvable()) {
            return Uni.createFrom().item(HealthCheckResponse.up("database (none configured)"));
        }
        return pool.get().query("SELECT 1").execute()
                .ifNoItem().after(config.readinessTimeout()).fail()
                .map(rows -> HealthCheckResponse.up("database"))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("database").down()
                        .withData("reason", failure instanceof java.util.concurrent.TimeoutException
                                ? "no answer within " + config.readinessTimeout().toMillis() + " ms"
                                : String.valueOf(failure.getMessage()))
                        .build());
    }
}
