package io.callwire.admin.security;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

import io.callwire.admin.config.AdminConfig;

/** The console's cookies: HttpOnly, SameSite=Strict, Secure unless the console is reached on loopback. */
public final class Cookies {

    private Cookies() {
    }

    public static NewCookie session(String value, HttpHeaders headers, AdminConfig config) {
        return cookie(ConsoleFilter.SESSION_COOKIE, value, -1, headers, config);
    }

    public static NewCookie signIn(String value, HttpHeaders headers, AdminConfig config) {
        return cookie(ConsoleFilter.SIGN_IN_COOKIE, value, 3600, headers, config);
    }

    public static NewCookie cleared(String name, HttpHeaders headers, AdminConfig config) {
        return cookie(name, "", 0, headers, config);
    }

    private static NewCookie cookie(String name, String value, int maxAge, HttpHeaders headers, AdminConfig config) {
        return new NewCookie.Builder(name).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure(secure(headers, config)).build();
    }

    static boolean secure(HttpHeaders headers, AdminConfig config) {
        return config.console().secureCookies().orElseGet(() -> {
            String host = headers.getHeaderString(HttpHeaders.HOST);
            if (host == null) {
                return true;
            }
            String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceFirst(":\\d+$", "");
            return !(name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]"));
        });
    }

    public static String newToken() {
        return SessionStore.randomToken();
    }
}
