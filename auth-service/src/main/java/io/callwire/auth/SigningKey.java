package io.callwire.auth;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A signing key pair. The private half is stored only encrypted with the key-encryption key from
 * configuration; it never leaves the service or its database.
 */
@Entity
@Table(name = "signing_key")
public class SigningKey {

    @Id
    private String kid;
    @Column(nullable = false)
    private String algorithm;
    @Column(name = "public_jwk", nullable = false)
    private String publicJwk;
    @Column(name = "private_key_encrypted", nullable = false)
    private String privateKeyEncrypted;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    /** Signs from this instant on (published before, so that every replica knows it). */
    @Column(name = "activates_at", nullable = false)
    private Instant activatesAt;
    /** Stopped signing at this instant (a newer key took over). */
    @Column(name = "retired_at")
    private Instant retiredAt;
    /** Published until this instant: the longest token it signed has expired by then. */
    @Column(name = "publish_until")
    private Instant publishUntil;

    public String getKid() { return kid; }
    public void setKid(String kid) { this.kid = kid; }
    public String getAlgorithm() { return algorithm; }
    public void setAlgorithm(String algorithm) { this.algorithm = algorithm; }
    public String getPublicJwk() { return publicJwk; }
    public void setPublicJwk(String publicJwk) { this.publicJwk = publicJwk; }
    public String getPrivateKeyEncrypted() { return privateKeyEncrypted; }
    public void setPrivateKeyEncrypted(String privateKeyEncrypted) { this.privateKeyEncrypted = privateKeyEncrypted; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getActivatesAt() { return activatesAt; }
    public void setActivatesAt(Instant activatesAt) { this.activatesAt = activatesAt; }
    public Instant getRetiredAt() { return retiredAt; }
    public void setRetiredAt(Instant retiredAt) { this.retiredAt = retiredAt; }
    public Instant getPublishUntil() { return publishUntil; }
    public void setPublishUntil(Instant publishUntil) { this.publishUntil = publishUntil; }
}
