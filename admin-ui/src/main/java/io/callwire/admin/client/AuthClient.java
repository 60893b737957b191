package io.callwire.admin.client;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.callwire.admin.Accounts;
import io.callwire.admin.Page;

/** The console's calls to auth-service; every failure becomes a {@link ServiceException}. */
@ApplicationScoped
public class AuthClient {

    private static final String SERVICE = "auth-service";

    private final AuthRestClient api;

    public AuthClient(@RestClient AuthRestClient api) {
        this.api = api;
    }

    /** The password grant; {@code forwardedFor} is the browser's address, believed only where admin-ui is a trusted proxy. */
    public Accounts.TokenResponse signIn(String username, String password, String forwardedFor) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("grant_type", "password");
        form.add("username", username);
        form.add("password", password);
        return Calls.call(SERVICE, () -> api.token(form, forwardedFor));
    }

    public Accounts.TokenResponse refresh(String refreshToken) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        return Calls.call(SERVICE, () -> api.token(form, null));
    }

    public void revoke(String token) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("token", token);
        Calls.run(SERVICE, () -> api.revoke(form));
    }

    public Page<Accounts.User> users(String token, UUID organizationId, int page, int size) {
        return Calls.call(SERVICE, () -> api.users(bearer(token), organizationId, page, size));
    }

    public Accounts.User createUser(String token, Accounts.NewUser user) {
        return Calls.call(SERVICE, () -> api.createUser(bearer(token), user));
    }

    public Accounts.User changeUser(String token, UUID id, Accounts.UserChanges changes) {
        return Calls.call(SERVICE, () -> api.changeUser(bearer(token), id, changes));
    }

    public void setUserEnabled(String token, UUID id, boolean enabled) {
        Calls.run(SERVICE, () -> api.userAction(bearer(token), id, enabled ? "enable" : "disable"));
    }

    /**
     * An RTE token: {@code me} for the caller itself, else a user's GUID. {@code forwardedFor} is the
     * browser's address that will use the token (an organization may bind tokens to it); auth-service
     * believes it only where admin-ui is one of its trusted proxies.
     */
    public Accounts.RteToken rteToken(String token, String userId, String forwardedFor) {
        return Calls.call(SERVICE, () -> api.rteToken(bearer(token), userId, forwardedFor));
    }

    public Page<Accounts.ApiClient> clients(String token, UUID organizationId, int page, int size) {
        return Calls.call(SERVICE, () -> api.clients(bearer(token), organizationId, page, size));
    }

    public Accounts.ApiClient createClient(String token, Accounts.NewClient client) {
        return Calls.call(SERVICE, () -> api.createClient(bearer(token), client));
    }

    public void disableClient(String token, UUID id) {
        Calls.run(SERVICE, () -> api.disableClient(bearer(token), id));
    }

    public Page<Accounts.Organization> organizations(String token, int page, int size) {
        return Calls.call(SERVICE, () -> api.organizations(bearer(token), page, size));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }
}
