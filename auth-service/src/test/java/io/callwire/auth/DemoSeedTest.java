package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.callwire.auth.service.Bootstrap;
import io.callwire.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The local profile's seed, run against the test database: exactly the brief's GUIDs, idempotent,
 * and the README's curl flow works with it.
 */
@QuarkusTest
class DemoSeedTest {

    @Inject
    Bootstrap bootstrap;

    @Test
    void seedingTwiceKeepsExactlyTheDemoTenantWithTheBriefsGuids() throws Exception {
        Api.demo(bootstrap);
        Map<String, String> first = demoRows();
        Api.demo(bootstrap);
        assertThat(demoRows()).isEqualTo(first);

        for (Bootstrap.DemoUser user : Bootstrap.DEMO_USERS) {
            assertThat(first).containsEntry(user.username(), user.id() + "|" + user.organizationId() + "|" + user.role());
        }
        assertThat(first).containsEntry("agent5@demo.test", "6f0d3c1e-0001-4000-8000-000000000015|6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f|agent");
        assertThat(first).containsEntry("client:demo-integration", "6f0d3c1e-0004-4000-8000-000000000001|6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f");
        assertThat(first).containsEntry("org:Demo Contact Center", "6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f");
        assertThat(first).containsEntry("org:Callwire Platform", "00000000-0000-4000-8000-000000000001");
    }

    @Test
    void theReadmeFlowWorks() {
        Api.demo(bootstrap);
        // curl -d grant_type=password -d username=admin@demo.test -d password=demo localhost:8081/oauth/token
        String token = Api.from(Api.freshAddress()).formParam("grant_type", "password").formParam("username", "admin@demo.test")
                .formParam("password", "demo").post("/oauth/token").then().statusCode(200).extract().path("access_token");
        bearer(token).get("/token/me/rte/").then().statusCode(200).body("WssEndpoint", equalTo("ws://localhost:8082/rte"));
        Api.from(Api.freshAddress()).auth().preemptive().basic("demo-integration", "demo-secret")
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(200);
    }

    private static Map<String, String> demoRows() throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME, PostgresResource.PASSWORD)) {
            try (ResultSet rs = connection.createStatement().executeQuery(
                    "select username, id, organization_id, roles, password_hash from user_account where username like '%@demo.test' or username = 'root@callwire.test'")) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
                    assertThat(rs.getString(5)).startsWith("$2").doesNotContain("demo");
                }
            }
            try (ResultSet rs = connection.createStatement().executeQuery("select client_id, id, organization_id from api_client where client_id = 'demo-integration'")) {
                while (rs.next()) {
                    rows.put("client:" + rs.getString(1), rs.getString(2) + "|" + rs.getString(3));
                }
            }
            try (ResultSet rs = connection.createStatement().executeQuery("select name, id from organization")) {
                while (rs.next()) {
                    rows.put("org:" + rs.getString(1), rs.getString(2));
                }
            }
        }
        return rows;
    }
}
