package io.callwire.admin.client;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.admin.Page;
import io.callwire.admin.Permissions;

/** The console's calls to subscription-service; every failure becomes a {@link ServiceException}. */
@ApplicationScoped
public class SubscriptionClient {

    private static final String SERVICE = "subscription-service";

    private final SubscriptionRestClient api;
    private final ObjectMapper json;

    public SubscriptionClient(@RestClient SubscriptionRestClient api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    public Page<Permissions.Entity> entities(String token, UUID organizationId, String type, int page, int size) {
        return Calls.call(SERVICE, () -> api.entities(AuthClient.bearer(token), type, organizationId, page, size));
    }

    public Permissions.Entity createEntity(String token, UUID organizationId, Permissions.NewEntity entity) {
        return Calls.call(SERVICE, () -> api.createEntity(AuthClient.bearer(token), organizationId, entity));
    }

    public Page<Permissions.Grant> grants(String token, UUID organizationId, int page, int size) {
        return Calls.call(SERVICE, () -> api.grants(AuthClient.bearer(token), organizationId, page, size));
    }

    public Permissions.Grant createGrant(String token, UUID organizationId, Permissions.GrantSpec grant) {
        return Calls.call(SERVICE, () -> api.createGrant(AuthClient.bearer(token), organizationId, grant));
    }

    public void deleteGrant(String token, UUID organizationId, UUID id) {
        Calls.run(SERVICE, () -> api.deleteGrant(AuthClient.bearer(token), id, organizationId));
    }

    /** The organization's live connections (of the replica that answers) and their subscriptions. */
    public Page<Permissions.LiveSession> sessions(String token, UUID organizationId, int page, int size) {
        JsonNode answer = Calls.call(SERVICE, () -> api.sessions(AuthClient.bearer(token), organizationId, page, size));
        JsonNode items = answer.isArray() ? answer : answer.path("items");
        List<Permissions.LiveSession> sessions = new ArrayList<>();
        for (JsonNode item : items) {
            sessions.add(json.convertValue(item, Permissions.LiveSession.class));
        }
        if (answer.isArray()) {
            // the whole list came back: page it here
            int from = Math.min(sessions.size(), page * size);
            return new Page<>(sessions.subList(from, Math.min(sessions.size(), from + size)), page, size, (long) sessions.size());
        }
        return new Page<>(sessions, answer.path("page").asInt(page), answer.path("size").asInt(size),
                answer.has("total") ? answer.get("total").asLong() : null);
    }
}
