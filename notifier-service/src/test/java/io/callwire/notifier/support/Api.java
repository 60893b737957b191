package io.callwire.notifier.support;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.callwire.contract.security.Roles;
import io.callwire.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** REST calls as an organization's administrator. */
public final class Api {

    private Api() {
    }

    /** A request authenticated as an org-admin of {@code organizationId}. */
    public static RequestSpecification as(UUID organizationId) {
        return given().auth().oauth2(TestTokens.user(organizationId, UUID.randomUUID(), Roles.ORG_ADMIN).sign())
                .contentType(ContentType.JSON);
    }

    /** Creates a webhook and returns its id. */
    public static String create(UUID organizationId, String json) {
        return as(organizationId).body(json).post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
    }
}
