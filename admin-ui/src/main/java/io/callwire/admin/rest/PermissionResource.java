package io.callwire.admin.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import io.callwire.admin.Permissions;
import io.callwire.admin.client.AuthClient;
import io.callwire.admin.client.ServiceException;
import io.callwire.admin.client.SubscriptionClient;
import io.callwire.admin.security.ConsoleContext;
import io.callwire.admin.security.ConsoleSession;
import io.callwire.admin.service.Catalog;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Permissions: the entities of the organization, the grants on them, and who is connected right now. */
@Path("/permissions")
@Produces(MediaType.TEXT_HTML)
public class PermissionResource {

    static final int PAGE_SIZE = 20;
    static final Set<String> GRANT_FIELDS = Set.of("principal", "entityType", "entityId", "events");
    static final Set<String> ENTITY_FIELDS = Set.of("name", "id", "entityType");
    static final List<String> ROLES = List.of("supervisor", "agent", "integration", "org-admin");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance permissions(String nav, Page<Permissions.Entity> entities, Page<Permissions.Grant> grants,
                                                   Page<Permissions.LiveSession> sessions, List<Permissions.Entity> allEntities,
                                                   List<Accounts.User> users, List<String> roles, List<String> entityTypes,
                                                   List<String> eventNames, Map<String, String> names, String type,
                                                   int entityPage, int grantPage, String message, FormErrors grantErrors,
                                                   FormErrors entityErrors);
    }

    private final SubscriptionClient subscriptions;
    private final AuthClient auth;
    private final Catalog catalog;
    private final ConsoleContext console;

    public PermissionResource(SubscriptionClient subscriptions, AuthClient auth, Catalog catalog, ConsoleContext console) {
        this.subscriptions = subscriptions;
        this.auth = auth;
        this.catalog = catalog;
        this.console = console;
    }

    @GET
    public TemplateInstance page(@QueryParam("type") String type, @QueryParam("entityPage") @DefaultValue("0") int entityPage,
                                 @QueryParam("grantPage") @DefaultValue("0") int grantPage, @QueryParam("done") String done) {
        String message = done == null ? null : switch (done) {
            case "granted" -> "Permission granted.";
            case "revoked" -> "Permission revoked. Open connections lose what it allowed.";
            case "registered" -> "Entity registered.";
            default -> null;
        };
        return page(type, entityPage, grantPage, message, FormErrors.none(), FormErrors.none());
    }

    @POST
    @Path("grants")
    public Response grant(@RestForm String principal, @RestForm String entityType, @RestForm String entityId,
                          @RestForm List<String> events) {
        FormErrors errors = FormErrors.forFields(GRANT_FIELDS);
        String principalType = null;
        String principalValue = null;
        if (principal == null || !principal.contains(":")) {
            errors.add("principal", "Choose a user or a role.");
        } else {
            principalType = principal.substring(0, principal.indexOf(':'));
            principalValue = principal.substring(principal.indexOf(':') + 1);
        }
        if (entityType == null || !catalog.entityTypes().contains(entityType)) {
            errors.add("entityType", "Choose the kind of entity.");
        }
        UUID entity = null;
        if (entityId != null && !entityId.isBlank()) {
            try {
                entity = UUID.fromString(entityId);
            } catch (IllegalArgumentException e) {
                errors.add("entityId", "Choose an entity, or all of them.");
            }
        }
        if (errors.isEmpty()) {
            try {
                subscriptions.createGrant(token(), acting(), new Permissions.GrantSpec(principalType, principalValue, entityType,
                        entity, events == null ? List.of() : events));
                return Response.seeOther(URI.create("/permissions?done=granted")).build();
            } catch (ServiceException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                errors = FormErrors.of(e.problem(), GRANT_FIELDS);
            }
        }
        return Response.status(400).entity(page(null, 0, 0, null, errors, FormErrors.none())).build();
    }

    @POST
    @Path("grants/{id}/revoke")
    public Response revoke(@PathParam("id") UUID id) {
        subscriptions.deleteGrant(token(), acting(), id);
        return Response.seeOther(URI.create("/permissions?done=revoked")).build();
    }

    @POST
    @Path("entities")
    public Response register(@RestForm String entityType, @RestForm String name, @RestForm String id) {
        FormErrors errors = FormErrors.forFields(ENTITY_FIELDS);
        if (entityType == null || !catalog.entityTypes().contains(entityType)) {
            errors.add("entityType", "Choose the kind of entity.");
        }
        if (name == null || name.isBlank()) {
            errors.add("name", "Enter a name.");
        }
        UUID guid = null;
        if (id != null && !id.isBlank()) {
            try {
                guid = UUID.fromString(id.trim());
            } catch (IllegalArgumentException e) {
                errors.add("id", "Enter a GUID, or leave it empty to get a new one.");
            }
        }
        if (errors.isEmpty()) {
            try {
                subscriptions.createEntity(token(), acting(), new Permissions.NewEntity(entityType, guid, name.trim()));
                return Response.seeOther(URI.create("/permissions?done=registered")).build();
            } catch (ServiceException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                errors = FormErrors.of(e.problem(), ENTITY_FIELDS);
            }
        }
        return Response.status(400).entity(page(null, 0, 0, null, FormErrors.none(), errors)).build();
    }

    private TemplateInstance page(String type, int entityPage, int grantPage, String message, FormErrors grantErrors,
                                  FormErrors entityErrors) {
        String token = token();
        String filter = type == null || type.isBlank() ? null : type;
        Page<Permissions.Entity> entities = subscriptions.entities(token, acting(), filter, Math.max(0, entityPage), PAGE_SIZE);
        Page<Permissions.Grant> grants = subscriptions.grants(token, acting(), Math.max(0, grantPage), PAGE_SIZE);
        Page<Permissions.LiveSession> sessions = subscriptions.sessions(token, acting(), 0, 100);
        List<Permissions.Entity> all = subscriptions.entities(token, acting(), null, 0, 500).items();
        List<Accounts.User> users = auth.users(token, acting(), 0, 100).items();
        Map<String, String> names = new HashMap<>();
        users.forEach(u -> names.put(u.id().toString(), u.username()));
        all.forEach(e -> names.put(e.id().toString(), e.label()));
        return Templates.permissions("permissions", entities, grants, sessions, all, users, ROLES, catalog.entityTypes(),
                catalog.eventNames(), names, filter == null ? "" : filter, entities.page(), grants.page(), message,
                grantErrors, entityErrors);
    }

    private UUID acting() {
        return console.session().actingOrganization();
    }

    private String token() {
        ConsoleSession session = console.session();
        return session.accessToken();
    }

    static List<String> orEmpty(List<String> list) {
        return list == null ? new ArrayList<>() : list;
    }
}
