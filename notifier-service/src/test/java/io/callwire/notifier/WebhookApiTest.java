package io.callwire.notifier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.notifier.support.Api;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.JwksResource;
import io.callwire.testing.PostgresResource;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(AmqpBrokerResource.class)
@QuarkusTestResource(JwksResource.class)
@QuarkusTestResource(AuthServiceStandIn.class)
class WebhookApiTest {

    static final String VALID = """
            {"name": "CRM", "url": "https://203.0.113.10/hooks/{{QueueId}}?name={{QueueName_asURIComponent}}",
             "method": "POST", "events": ["QueueStatus"],
             "auth": {"type": "BASIC", "username": "crm", "password": "s3cret-password"},
             "headers": {"X-Tenant": "acme"}}
            """;

    @Test
    void createsAWebhookAndShowsTheSigningSecretOnlyOnce() {
        UUID org = UUID.randomUUID();
        String id = Api.as(org).body(VALID).post("/api/v1/webhooks").then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/webhooks/"))
                .body("status", equalTo("ENABLED"))
                .body("signingSecret", startsWith("whsec_"))
                .body("auth.password", nullValue())
                .body("retry.maxAttempts", equalTo(10))
                .body("retry.retryOn", hasItem("5XX"))
                .extract().path("id");

        Api.as(org).get("/api/v1/webhooks/" + id).then().statusCode(200)
                .body("name", equalTo("CRM"))
                .body("auth.type", equalTo("BASIC"))
                .body("auth.username", equalTo("crm"))
                .body("auth.password", nullValue())
                .body("signingSecret", nullValue())
                .body(not(containsString("s3cret-password")));
    }

    @Test
    void rotatingTheSecretShowsTheNewOne() {
        UUID org = UUID.randomUUID();
        String first = Api.as(org).body(VALID).post("/api/v1/webhooks").then().statusCode(201).extract().path("signingSecret");
        String id = Api.as(org).get("/api/v1/webhooks").then().extract().path("items[0].id");
        String second = Api.as(org).post("/api/v1/webhooks/" + id + "/rotate-secret").then().statusCode(200)
                .body("signingSecret", startsWith("whsec_")).extract().path("signingSecret");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void listsUpdatesAndDeletesInPages() {
        UUID org = UUID.randomUUID();
        String a = Api.create(org, VALID);
        Api.create(org, VALID);
        Api.create(org, VALID);
        Api.as(org).get("/api/v1/webhooks?page=0&size=2").then().statusCode(200)
                .body("items", hasSize(2)).body("total", equalTo(3)).body("$", not(hasKey("hasMore")));
        Api.as(org).get("/api/v1/webhooks?page=1&size=2").then().body("items", hasSize(1)).body("total", equalTo(3));

        // the password is not sent again: it is kept
        Api.as(org).body(VALID.replace("\"CRM\"", "\"CRM 2\"").replace(", \"password\": \"s3cret-password\"", ""))
                .put("/api/v1/webhooks/" + a).then().statusCode(200).body("name", equalTo("CRM 2"));
        Api.as(org).body(VALID.replace("\"method\": \"POST\"", "\"method\": \"POST\", \"enabled\": false"))
                .put("/api/v1/webhooks/" + a).then().statusCode(200).body("status", equalTo("DISABLED"));

        Api.as(org).delete("/api/v1/webhooks/" + a).then().statusCode(204);
        Api.as(org).get("/api/v1/webhooks/" + a).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void anotherOrganizationCannotSeeOrChangeAWebhook() {
        UUID orgA = UUID.randomUUID();
        UUID orgB = UUID.randomUUID();
        String id = Api.create(orgA, VALID);
        Api.as(orgB).get("/api/v1/webhooks/" + id).then().statusCode(404);
        Api.as(orgB).body(VALID).put("/api/v1/webhooks/" + id).then().statusCode(404);
        Api.as(orgB).delete("/api/v1/webhooks/" + id).then().statusCode(404);
        Api.as(orgB).post("/api/v1/webhooks/" + id + "/rotate-secret").then().statusCode(404);
        Api.as(orgB).get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(404);
        Api.as(orgB).body("{}").post("/api/v1/webhooks/" + id + "/test").then().statusCode(404);
        Api.as(orgB).get("/api/v1/webhooks").then().statusCode(200).body("items", hasSize(0));
        Api.as(orgA).get("/api/v1/webhooks/" + id).then().statusCode(200);
    }

    @Test
    void refusesCallersWithoutAValidAdminToken() {
        UUID org = UUID.randomUUID();
        given().get("/api/v1/webhooks").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user(org, UUID.randomUUID(), Roles.ORG_ADMIN).expired().sign())
                .get("/api/v1/webhooks").then().statusCode(401);
        given().auth().oauth2(TestTokens.user(org, UUID.randomUUID(), Roles.ORG_ADMIN).issuer("https://evil.test").sign())
                .get("/api/v1/webhooks").then().statusCode(401);
        given().auth().oauth2(TestTokens.user(org, UUID.randomUUID(), Roles.ORG_ADMIN).unsigned())
                .get("/api/v1/webhooks").then().statusCode(401);
        given().auth().oauth2(TestTokens.user(org, UUID.randomUUID(), Roles.ORG_ADMIN).tamperedWith(UUID.randomUUID()))
                .get("/api/v1/webhooks").then().statusCode(401);
        given().auth().oauth2(TestTokens.user(org, UUID.randomUUID(), Roles.AGENT).sign())
                .get("/api/v1/webhooks").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void refusesUnknownEvents() {
        refused(VALID.replace("[\"QueueStatus\"]", "[\"QueueStatus\", \"NoSuchEvent\"]"), "events[1]");
        refused(VALID.replace("[\"QueueStatus\"]", "[]"), "events");
    }

    @Test
    void refusesPlaceholdersAndVariablesTheChosenEventsDoNotHave() {
        refused(VALID.replace("{{QueueId}}", "{{CallerNumber}}"), "url");
        refused(VALID.replace("\"method\": \"POST\"", "\"method\": \"POST\", \"payload\": {\"mode\": \"VARIABLES\","
                + " \"variables\": [{\"source\": \"QueueName\", \"name\": \"queue\"}, {\"source\": \"TargetUserName\", \"name\": \"agent\"}]}"),
                "payload.variables[1].source");
    }

    @Test
    void refusesMalformedUrls() {
        refused(VALID.replace("https://203.0.113.10/hooks/{{QueueId}}", "not a url"), "url");
        refused(VALID.replace("https://203.0.113.10", "ftp://203.0.113.10"), "url");
        refused(VALID.replace("https://203.0.113.10", "https://user:pw@203.0.113.10"), "url");
        refused(VALID.replace("https://203.0.113.10", "https://{{QueueName}}.example.com"), "url");
    }

    @Test
    void refusesUrlsThatResolveToInternalAddresses() {
        refused(VALID.replace("https://203.0.113.10", "http://10.1.2.3"), "url");
        refused(VALID.replace("https://203.0.113.10", "http://192.168.0.10:8080"), "url");
        refused(VALID.replace("https://203.0.113.10", "http://169.254.169.254"), "url");
        refused(VALID.replace("https://203.0.113.10", "http://[fd00:ec2::254]"), "url");
        refused(VALID.replace("https://203.0.113.10", "http://metadata.google.internal"), "url");
    }

    @Test
    void refusesIncompleteAuthenticationAndReservedHeaders() {
        refused(VALID.replace(", \"password\": \"s3cret-password\"", ""), "auth.password");
        refused(VALID.replace("\"X-Tenant\"", "\"webhook-signature\""), "headers.webhook-signature");
        refused(VALID.replace("\"method\": \"POST\"", "\"method\": \"SALESFORCE\""), "auth.type");
        refused(VALID.replace("{\"type\": \"BASIC\", \"username\": \"crm\", \"password\": \"s3cret-password\"}",
                "{\"type\": \"OAUTH2_JWT_BEARER\", \"tokenUrl\": \"https://login.example.com/token\", \"clientId\": \"c\","
                        + " \"username\": \"u\", \"audience\": \"a\", \"privateKey\": \"not a key\"}"), "auth.privateKey");
        refused(VALID.replace("\"method\": \"POST\"", "\"method\": \"POST\", \"timeoutMs\": 5"), "timeoutMs");
        refused(VALID.replace("\"method\": \"POST\"", "\"method\": \"POST\", \"retry\": {\"retryOn\": [\"SOMETIMES\"]}"),
                "retry.retryOn[0]");
    }

    @Test
    void unreadableBodiesAreProblemsToo() {
        Api.as(UUID.randomUUID()).body("{not json").post("/api/v1/webhooks").then().statusCode(400)
                .contentType("application/problem+json").body("detail", notNullValue());
    }

    private static void refused(String json, String field) {
        Api.as(UUID.randomUUID()).body(json).post("/api/v1/webhooks").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

}
