package io.callwire.subscription;

/** What a grant's principal names. */
public enum PrincipalType {
    /** A user or API client, by its subject GUID. */
    USER,
    /** Everyone with a role of the {@code groups} claim, e.g. {@code supervisor}. */
    ROLE
}
