package io.callwire.auth;

import static io.restassured.RestAssured.given;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.callwire.auth.service.Bootstrap;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.specification.RequestSpecification;

/** Test helpers: the demo tenant, sign-ins, and a fresh client address per test for the throttle. */
final class Api {

    static final UUID DEMO_ORG = Bootstrap.DEMO_ORG;
    static final UUID PLATFORM_ORG = Bootstrap.PLATFORM_ORG;
    static final UUID ADMIN_ID = UUID.fromString("6f0d3c1e-0001-4000-8000-000000000001");
    static final UUID SUPERVISOR_ID = UUID.fromString("6f0d3c1e-0001-4000-8000-000000000002");
    static final UUID AGENT1_ID = UUID.fromString("6f0d3c1e-0001-4000-8000-000000000011");
    static final UUID ROOT_ID = Bootstrap.ROOT_USER;

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    private Api() {
    }

    /** Seeds the demo tenant (idempotent). */
    static void demo(Bootstrap bootstrap) {
        try {
            VertxContextSupport.subscribeAndAwait(bootstrap::seedDemo);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client address nobody else uses, so that one test's failures never lock another's sign-ins. */
    static String freshAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "198.51." + (n / 250) + "." + (1 + n % 250);
    }

    /** A request as if from {@code address} (through the trusted loopback proxy). */
    static RequestSpecification from(String address) {
        return given().header("X-Forwarded-For", address);
    }

    /** Access token of a user by password grant. */
    static String signIn(String username, String password) {
        return from(freshAddress()).formParam("grant_type", "password").formParam("username", username).formParam("password", password)
                .post("/oauth/token").then().statusCode(200).extract().path("access_token");
    }

    static String admin() {
        return signIn("admin@demo.test", "demo");
    }

    static String root() {
        return signIn("root@callwire.test", "demo");
    }

    static String agent1() {
        return signIn("agent1@demo.test", "demo");
    }

    /** A request with a bearer token. */
    static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
