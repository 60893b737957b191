package io.callwire.auth.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.callwire.auth.RevocationPage;
import io.callwire.auth.service.InvalidFieldProblem;
import io.callwire.auth.service.RevocationService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The revocations in force, for verifiers that start after a revocation was announced on AMQP
 * (a new subscription-service replica). Machine clients with {@code platform-service} and platform
 * administrators only.
 */
@Path("/api/v1/revocations")
@Tag(name = "Revocations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RevocationResource {

    private final RevocationService revocations;
    private final AdminCaller caller;

    public RevocationResource(RevocationService revocations, AdminCaller caller) {
        this.revocations = revocations;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Revocations whose tokens can still be valid, oldest first, paged by cursor")
    public Uni<RevocationPage> list(@QueryParam("since") String since, @QueryParam("after") String after,
            @QueryParam("size") @DefaultValue("500") @Min(1) @Max(1000) int size) {
        return revocations.inForce(caller.get(), parseSince(since), parseCursor(after), size);
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant parseSince(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldProblem("since", "must be an ISO-8601 instant such as 2026-11-21T19:40:25Z");
        }
        // an instant the database's timestamp cannot hold overflowed while it was bound: a 500 before
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidFieldProblem("since", "must be between the years 0001 and 9999");
        }
        return instant;
    }

    private static long parseCursor(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            long cursor = Long.parseLong(after);
            if (cursor >= 0) {
                return cursor;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidFieldProblem("after", "must be the 'next' cursor of a previous page");
    }
}
