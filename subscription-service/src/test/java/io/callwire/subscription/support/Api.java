package io.callwire.subscription.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.callwire.contract.security.Roles;
import io.callwire.testing.TestTokens;
import io.restassured.http.ContentType;

/** REST calls the tests need to set the scene: tokens, entities, grants. */
public final class Api {

    private Api() {
    }

    /** A token of a new org-admin of the organization. */
    public static String admin(UUID organization) {
        return TestTokens.user(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
    }

    /** Registers a Queue (or CallList, User) in the organization and returns its id. */
    public static UUID entity(UUID organization, String entityType) {
        UUID id = UUID.randomUUID();
        given().auth().oauth2(admin(organization)).contentType(ContentType.JSON)
                .body(Map.of("entityType", entityType, "id", id.toString(), "name", entityType + " " + id))
                .post("/api/v1/entities").then().statusCode(201);
        return id;
    }

    /** Creates a grant and returns its id. */
    public static UUID grant(UUID organization, String principalType, String principal, String entityType, UUID entityId,
                             String... events) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("principalType", principalType);
        body.put("principal", principal);
        body.put("entityType", entityType);
        body.put("entityId", entityId == null ? null : entityId.toString());
        body.put("events", java.util.List.of(events));
        String id = given().auth().oauth2(admin(organization)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/permissions").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }
}
