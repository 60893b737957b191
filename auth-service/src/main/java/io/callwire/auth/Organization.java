package io.callwire.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tenant: every user and API client belongs to exactly one. */
@Entity
@Table(name = "organization")
public class Organization {

    @Id
    private UUID id;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private boolean enabled = true;
    @Column(name = "bind_tokens_to_ip", nullable = false)
    private boolean bindTokensToIp;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    public UUID getId() { return id; }
    public void setId(UUID id) { this.id = id; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    /** Whether its users' and clients' tokens are bound to the client address even when not asked for. */
    public boolean isBindTokensToIp() { return bindTokensToIp; }
    public void setBindTokensToIp(boolean bindTokensToIp) { this.bindTokensToIp = bindTokensToIp; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
}
