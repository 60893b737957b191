package io.callwire.subscription.service;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.subscription.Grant;
import io.callwire.subscription.config.SetupConfig;
import io.callwire.subscription.repository.GrantRepository;
import io.smallrye.mutiny.Uni;

/**
 * The grants of each organization as permission checks of new subscriptions read them: one read
 * per organization, shared by every {@code Subscribe} (and Socket.IO {@code init}) that needs it
 * while it is under way or fresh, instead of one read per call. When every client of a large
 * organization reconnects at once, that is one statement instead of thousands.
 * <p>
 * Never staler than the subscriptions already open: a grant change committed on this replica drops
 * the organization's entry before the REST call answers ({@link #invalidate}); on every replica the
 * {@code callwire.permissions.changed} message puts the fresh grants here ({@link #replace}) before
 * open subscriptions are re-evaluated, and a {@code Subscribe} decided meanwhile is decided again
 * (the routing's per-organization generation). An entry older than
 * {@code callwire.rte.setup.grant-cache-ttl} is read again, for a change whose message was lost.
 */
@ApplicationScoped
public class GrantCache {

    /** Organizations remembered at most; past it the cache starts again empty (each entry is a read away). */
    static final int MAX_ORGANIZATIONS = 100_000;

    private record Entry(Uni<List<Grant>> grants, long loadedAt) {
    }

    private final GrantRepository repository;
    private final long ttlNanos;
    private final ConcurrentHashMap<UUID, Entry> entries = new ConcurrentHashMap<>();

    public GrantCache(GrantRepository repository, SetupConfig setup) {
        this.repository = repository;
        this.ttlNanos = setup.grantCacheTtl().toNanos();
    }

    /** The organization's grants: the fresh entry, the read under way, or a new read. */
    public Uni<List<Grant>> grantsOf(UUID organizationId) {
        return Uni.createFrom().deferred(() -> {
            if (entries.size() >= MAX_ORGANIZATIONS) {
                entries.clear();
            }
            long now = System.nanoTime();
            Entry entry = entries.compute(organizationId, (id, current) -> current != null && now - current.loadedAt() < ttlNanos
                    ? current
                    : new Entry(repository.findByOrganization(id).memoize().indefinitely(), now));
            // a failed read is not remembered: the next caller reads again
            return entry.grants().onFailure().invoke(failure -> entries.remove(organizationId, entry));
        });
    }

    /** The organization's grants as just read after a change. */
    public void replace(UUID organizationId, List<Grant> grants) {
        entries.put(organizationId, new Entry(Uni.createFrom().item(List.copyOf(grants)), System.nanoTime()));
    }

    /** The organization's grants changed here: the next check reads them again. */
    public void invalidate(UUID organizationId) {
        entries.remove(organizationId);
    }
}
