package io.callwire.admin.rest;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.callwire.admin.Accounts;
import io.callwire.admin.FormErrors;
import io.callwire.admin.Page;
import io.callwire.admin.client.AuthClient;
import io.callwire.admin.client.ServiceException;
import io.callwire.admin.security.ConsoleContext;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Users and API clients of the organization; RTE tokens for a user. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class UserResource {

    static final int PAGE_SIZE = 20;
    static final int MIN_PASSWORD = 8;
    static final Set<String> USER_FIELDS = Set.of("username", "displayName", "password", "roles");
    static final Set<String> CLIENT_FIELDS = Set.of("name", "clientId", "roles");
    static final List<String> USER_ROLES = List.of("agent", "supervisor", "org-admin");
    static final List<String> CLIENT_ROLES = List.of("integration", "agent", "supervisor", "org-admin");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(String nav, Page<Accounts.User> page, List<String> roles, String message,
                                             FormErrors errors, UUID passwordFor, FormErrors passwordErrors);

        static native TemplateInstance rteToken(String nav, Accounts.User user, Accounts.RteToken token, String json);

        static native TemplateInstance clients(String nav, Page<Accounts.ApiClient> page, List<String> roles,
                                               Accounts.ApiClient created, String message, FormErrors errors);
    }

    private final AuthClient auth;
    private final ConsoleContext console;

    public UserResource(AuthClient auth, ConsoleContext console) {
        this.auth = auth;
        this.console = console;
    }

    @GET
    @Path("users")
    public TemplateInstance users(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("done") String done) {
        String message = done == null ? null : switch (done) {
            case "created" -> "User created.";
            case "disabled" -> "User disabled: their sessions end now.";
            case "enabled" -> "User enabled.";
            case "password" -> "Password changed: the user's sessions end now.";
            default -> null;
        };
        return usersPage(page, message, FormErrors.none(), null, FormErrors.none());
    }

    @POST
    @Path("users")
    public Response createUser(@RestForm String username, @RestForm String displayName, @RestForm String password,
                               @RestForm List<String> roles) {
        FormErrors errors = FormErrors.forFields(USER_FIELDS);
        if (username == null || !username.trim().matches("[^@\\s]+@[^@\\s]+")) {
            errors.add("username", "Enter an e-mail address.");
        }
        if (displayName == null || displayName.isBlank()) {
            errors.add("displayName", "Enter the name to show.");
        }
        checkPassword(password, errors, "password");
        if (roles == null || roles.isEmpty()) {
            errors.add("roles", "Choose at least one role.");
        }
        if (errors.isEmpty()) {
            try {
                auth.createUser(token(), new Accounts.NewUser(console.session().actingOrganization(), username.trim(),
                        displayName.trim(), password, roles));
                return Response.seeOther(URI.create("/users?done=created")).build();
            } catch (ServiceException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                errors = FormErrors.of(e.problem(), USER_FIELDS);
            }
        }
        return Response.status(400).entity(usersPage(0, null, errors, null, FormErrors.none())).build();
    }

    @POST
    @Path("users/{id}/enabled")
    public Response setEnabled(@PathParam("id") UUID id, @RestForm boolean enabled) {
        auth.setUserEnabled(token(), id, enabled);
        return Response.seeOther(URI.create("/users?done=" + (enabled ? "enabled" : "disabled"))).build();
    }

    @POST
    @Path("users/{id}/password")
    public Response resetPassword(@PathParam("id") UUID id, @RestForm String password) {
        FormErrors errors = FormErrors.forFields(Set.of("password"));
        checkPassword(password, errors, "password");
        if (errors.isEmpty()) {
            try {
                auth.changeUser(token(), id, new Accounts.UserChanges(null, password, null, null));
                return Response.seeOther(URI.create("/users?done=password")).build();
            } catch (ServiceException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                errors = FormErrors.of(e.problem(), Set.of("password"));
            }
        }
        return Response.status(400).entity(usersPage(0, null, FormErrors.none(), id, errors)).build();
    }

    /** An RTE token for the user: what a desktop or widget of that user would connect with. */
    @POST
    @Path("users/{id}/rte-token")
    public TemplateInstance rteToken(@PathParam("id") UUID id) {
        Accounts.User user = auth.users(token(), console.session().actingOrganization(), 0, 100).items().stream()
                .filter(u -> u.id().equals(id)).findFirst().orElse(null);
        // the token is for the user's own client, not for this browser: no address to forward
        Accounts.RteToken rte = auth.rteToken(token(), id.toString(), null);
        String json = "{\n  \"WssEndpoint\": \"" + rte.wssEndpoint() + "\",\n  \"Token\": \"" + rte.token() + "\"\n}";
        return Templates.rteToken("users", user, rte, json);
    }

    @GET
    @Path("clients")
    public TemplateInstance clients(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("done") String done) {
        return clientsPage(page, null, "disabled".equals(done) ? "API client disabled: its tokens stop working." : null,
                FormErrors.none());
    }

    @POST
    @Path("clients")
    public Response createClient(@RestForm String name, @RestForm String clientId, @RestForm List<String> roles) {
        FormErrors errors = FormErrors.forFields(CLIENT_FIELDS);
        if (name == null || name.isBlank()) {
            errors.add("name", "Enter a name.");
        }
        if (clientId != null && !clientId.isBlank() && !clientId.matches("[A-Za-z0-9._-]{3,100}")) {
            errors.add("clientId", "Use 3 to 100 letters, digits, dots, dashes or underscores, or leave it empty.");
        }
        if (roles == null || roles.isEmpty()) {
            errors.add("roles", "Choose at least one role.");
        }
        if (errors.isEmpty()) {
            try {
                Accounts.ApiClient created = auth.createClient(token(), new Accounts.NewClient(console.session().actingOrganization(),
                        clientId == null || clientId.isBlank() ? null : clientId.trim(), name.trim(), roles));
                return Response.status(201).entity(clientsPage(0, created, null, FormErrors.none())).build();
            } catch (ServiceException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                errors = FormErrors.of(e.problem(), CLIENT_FIELDS);
            }
        }
        return Response.status(400).entity(clientsPage(0, null, null, errors)).build();
    }

    @POST
    @Path("clients/{id}/disable")
    public Response disableClient(@PathParam("id") UUID id) {
        auth.disableClient(token(), id);
        return Response.seeOther(URI.create("/clients?done=disabled")).build();
    }

    private TemplateInstance usersPage(int page, String message, FormErrors errors, UUID passwordFor, FormErrors passwordErrors) {
        return Templates.users("users", auth.users(token(), console.session().actingOrganization(), Math.max(0, page), PAGE_SIZE),
                USER_ROLES, message, errors, passwordFor, passwordErrors);
    }

    private TemplateInstance clientsPage(int page, Accounts.ApiClient created, String message, FormErrors errors) {
        return Templates.clients("clients", auth.clients(token(), console.session().actingOrganization(), Math.max(0, page), PAGE_SIZE),
                CLIENT_ROLES, created, message, errors);
    }

    private static void checkPassword(String password, FormErrors errors, String field) {
        if (password == null || password.length() < MIN_PASSWORD) {
            errors.add(field, "Use at least " + MIN_PASSWORD + " characters.");
        }
    }

    private String token() {
        return console.session().accessToken();
    }
}
