package io.callwire.admin.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.callwire.admin.SignedInUser;

/** The signed-in session of the current request; templates read it as {@code inject:console}. */
@RequestScoped
@Named("console")
public class ConsoleContext {

    private ConsoleSession session;
    private String signInCsrf = "";

    void bind(ConsoleSession session) {
        this.session = session;
    }

    void bindSignInCsrf(String token) {
        this.signInCsrf = token;
    }

    public boolean isSignedIn() {
        return session != null;
    }

    public ConsoleSession session() {
        if (session == null) {
            throw new IllegalStateException("no session in this request");
        }
        return session;
    }

    public SignedInUser user() {
        return session().user();
    }

    public String username() {
        return session == null ? "" : session.user().username();
    }

    /** The CSRF token every form of this page sends back. */
    public String csrf() {
        return session == null ? signInCsrf : session.csrfToken();
    }

    public boolean isPlatformAdmin() {
        return session != null && session.user().isPlatformAdmin();
    }

    /** The organization shown, when a platform-admin switched to another one. */
    public String organizationLabel() {
        if (session == null) {
            return "";
        }
        return session.organizationName() != null ? session.organizationName() : "your organization";
    }
}
