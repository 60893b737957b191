package io.callwire.admin.security;

import jakarta.enterprise.context.ApplicationScoped;

/** Gives the sign-in page its login-CSRF token (the filter checks it against the cookie). */
@ApplicationScoped
public class SignIn {

    private final ConsoleContext context;

    public SignIn(ConsoleContext context) {
        this.context = context;
    }

    /** A fresh token for the sign-in form, bound to this request's template context. */
    public String newFormToken() {
        String token = Cookies.newToken();
        context.bindSignInCsrf(token);
        return token;
    }
}
