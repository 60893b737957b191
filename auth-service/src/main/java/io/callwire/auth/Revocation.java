package io.callwire.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Tokens refused before their expiry: one token ({@code tokenId}), every token of one sign-in session
 * ({@code sessionId}, the {@code sid} claim), or every token of a subject issued at or before {@code revokedAt}. Kept until no such token can still be valid.
 */
@Entity
@Table(name = "revocation")
public class Revocation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String subject;
    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;
    @Column(name = "token_id")
    private String tokenId;
    @Column(name = "session_id")
    private String sessionId;
    @Column(nullable = false)
    private String reason;
    @Column(name = "revoked_at", nullable = false)
    private Instant revokedAt;
    @Column(name = "forget_after", nullable = false)
    private Instant forgetAfter;

    public Long getId() { return id; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public UUID getOrganizationId() { return organizationId; }
    public void setOrganizationId(UUID organizationId) { this.organizationId = organizationId; }
    public String getTokenId() { return tokenId; }
    public void setTokenId(String tokenId) { this.tokenId = tokenId; }
    public String getSessionId() { return sessionId; }
    public void setSessionId(String sessionId) { this.sessionId = sessionId; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public Instant getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Instant revokedAt) { this.revokedAt = revokedAt; }
    public Instant getForgetAfter() { return forgetAfter; }
    public void setForgetAfter(Instant forgetAfter) { this.forgetAfter = forgetAfter; }
}
