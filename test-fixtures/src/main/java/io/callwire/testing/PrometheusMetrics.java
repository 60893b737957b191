package io.callwire.testing;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Figures of the application under test's {@code /q/metrics}, read as an operator's Prometheus would. */
public final class PrometheusMetrics {

    private PrometheusMetrics() {
    }

    /**
     * The sum of a counter's or gauge's series (every tag combination) at RestAssured's base URI; 0 while
     * nothing has been counted yet (Micrometer writes a series only once it exists). An exemplar may follow.
     */
    public static double total(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.Ee+-]+)(?: #.*)?$").matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }
}
