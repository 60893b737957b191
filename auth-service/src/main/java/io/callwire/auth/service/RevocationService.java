package io.callwire.auth.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.auth.OutboxMessage;
import io.callwire.auth.Revocation;
import io.callwire.auth.RevocationPage;
import io.callwire.auth.repository.OutboxRepository;
import io.callwire.auth.repository.RefreshTokenRepository;
import io.callwire.auth.repository.RevocationRepository;
import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.contract.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Records a revocation and its AMQP announcement in the caller's transaction (the outbox), so that
 * the message is published if and only if the change is committed, even when the broker is away.
 * Call {@link #afterCommit} once the transaction has committed.
 */
@ApplicationScoped
public class RevocationService {

    private final RevocationRepository revocations;
    private final OutboxRepository outbox;
    private final RefreshTokenRepository refreshTokens;
    private final RevocationRegistry registry;
    private final OutboxRelay relay;
    private final KeyService keys;
    private final ObjectMapper json;

    public RevocationService(RevocationRepository revocations, OutboxRepository outbox, RefreshTokenRepository refreshTokens,
            RevocationRegistry registry, OutboxRelay relay, KeyService keys, ObjectMapper json) {
        this.revocations = revocations;
        this.outbox = outbox;
        this.refreshTokens = refreshTokens;
        this.registry = registry;
        this.relay = relay;
        this.keys = keys;
        this.json = json;
    }

    /**
     * Within the current transaction: every token of {@code subject} issued until now is revoked,
     * its refresh tokens too, and the message is queued. Returns the revocation for {@link #afterCommit}.
     */
    public Uni<Revocation> revokeSubject(UUID subject, UUID organizationId, String reason) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return refreshTokens.revokeSubject(subject, now)
                .chain(() -> record(subject.toString(), organizationId, null, null, reason, now, now.plus(keys.longestTokenLifetime())));
    }

    /**
     * Within the current transaction: every token minted in the sign-in session {@code sessionId}
     * (access, refresh and RTE tokens carrying that {@code sid}) is revoked and the message queued,
     * so that the other services refuse them and subscription-service closes their sockets.
     */
    public Uni<Revocation> revokeSession(UUID subject, UUID organizationId, String sessionId, String reason) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return record(subject.toString(), organizationId, null, sessionId, reason, now, now.plus(keys.longestTokenLifetime()));
    }

    /** Within the current transaction: one token is revoked and the message queued. */
    public Uni<Revocation> revokeToken(String subject, UUID organizationId, String tokenId, Instant tokenExpiresAt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return record(subject, organizationId, tokenId, null, RevocationMessage.REASON_TOKEN_REVOKED, now, tokenExpiresAt.plusSeconds(60));
    }

    /**
     * The revocations still in force (some token they concern can still be valid), revoked at or
     * after {@code since}, after the cursor {@code after}, at most {@code size}: what a verifier that
     * starts late needs to refuse tokens revoked before it started. Every organization's: only
     * machine clients with {@link Roles#PLATFORM_SERVICE} and platform administrators may read them.
     */
    @WithSession
    public Uni<RevocationPage> inForce(Caller caller, Instant since, long after, int size) {
        if (!caller.isPlatformAdmin() && !caller.roles().contains(Roles.PLATFORM_SERVICE)) {
            return Uni.createFrom().failure(new ForbiddenProblem("reading revocations needs the role " + Roles.PLATFORM_SERVICE));
        }
        return revocations.inForce(since == null ? Instant.EPOCH : since, after, Instant.now(), size).map(rows -> {
            List<RevocationMessage> items = rows.stream()
                    .map(r -> new RevocationMessage(r.getSubject(), r.getOrganizationId(), r.getTokenId(), r.getReason(), r.getRevokedAt(),
                            r.getSessionId()))
                    .toList();
            // a full page may have a successor; the cursor is the last row's id, stable under inserts and deletions
            String next = rows.size() == size ? String.valueOf(rows.get(rows.size() - 1).getId()) : null;
            return new RevocationPage(items, next);
        });
    }

    /** After commit: this replica refuses the tokens at once, and the outbox is relayed now. */
    public void afterCommit(Revocation revocation) {
        registry.apply(revocation);
        relay.relaySoon();
    }

    private Uni<Revocation> record(String subject, UUID organizationId, String tokenId, String sessionId, String reason, Instant now,
            Instant forgetAfter) {
        Revocation revocation = new Revocation();
        revocation.setSubject(subject);
        revocation.setOrganizationId(organizationId);
        revocation.setTokenId(tokenId);
        revocation.setSessionId(sessionId);
        revocation.setReason(reason);
        revocation.setRevokedAt(now);
        revocation.setForgetAfter(forgetAfter);
        OutboxMessage message = new OutboxMessage();
        message.setAddress(Addresses.AUTH_REVOCATIONS);
        message.setOrganizationId(organizationId);
        message.setCreatedAt(now);
        try {
            message.setPayload(json.writeValueAsString(new RevocationMessage(subject, organizationId, tokenId, reason, now, sessionId)));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return revocations.persist(revocation).call(() -> outbox.persist(message));
    }
}
