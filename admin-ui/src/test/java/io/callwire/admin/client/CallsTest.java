package io.callwire.admin.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.callwire.admin.Problem;

class CallsTest {

    @Test
    void readsTheContractsProblemWithItsFieldErrors() {
        Problem problem = Calls.parse("notifier-service", 400, """
                {"type":"https://callwire.dev/problems/validation","title":"Invalid request","status":400,
                 "detail":"url: host 10.1.2.3 resolves to the internal address 10.1.2.3","instance":"/api/v1/webhooks",
                 "errors":[{"field":"url","message":"host 10.1.2.3 resolves to the internal address 10.1.2.3"}]}""");
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.title()).isEqualTo("Invalid request");
        assertThat(problem.errors()).containsExactly(
                new Problem.FieldError("url", "host 10.1.2.3 resolves to the internal address 10.1.2.3"));
    }

    @Test
    void readsAuthServicesOlderViolationsByTheirLastPathSegment() {
        Problem problem = Calls.parse("auth-service", 400, """
                {"title":"Constraint Violation","status":400,
                 "violations":[{"field":"create.draft.password","message":"size must be between 8 and 200"}]}""");
        assertThat(problem.errors()).containsExactly(new Problem.FieldError("password", "size must be between 8 and 200"));
    }

    @Test
    void readsOAuthErrorsAndBodiesThatAreNotJson() {
        Problem oauth = Calls.parse("auth-service", 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Wrong credentials\"}");
        assertThat(oauth.title()).isEqualTo("invalid_grant");
        assertThat(oauth.summary()).isEqualTo("Wrong credentials");

        Problem html = Calls.parse("notifier-service", 502, "<html>Bad gateway</html>");
        assertThat(html.summary()).isEqualTo("notifier-service answered HTTP 502");
        assertThat(html.errors()).isEmpty();
    }
}
