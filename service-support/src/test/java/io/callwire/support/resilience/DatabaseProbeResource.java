package io.callwire.support.resilience;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** A REST call that needs the database, as every resource of the services does. */
@Path("/test/database")
public class DatabaseProbeResource {

    private final Pool pool;

    public DatabaseProbeResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    public Uni<String> now() {
        return pool.query("SELECT now()::text").execute().map(rows -> rows.iterator().next().getString(0));
    }

    @GET
    @Path("/backend")
    public Uni<Integer> backendPid() {
        return pool.query("SELECT pg_backend_pid()").execute().map(rows -> rows.iterator().next().getInteger(0));
    }
}
