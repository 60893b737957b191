package io.callwire.admin.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.callwire.admin.FormErrors;
import io.callwire.admin.Webhooks;

class WebhookFormTest {

    @Test
    void turnsTheFormIntoTheNotifiersWebhookJson() {
        WebhookForm form = WebhookForm.blank();
        form.name = " CRM ";
        form.url = "https://crm.example.com/hook";
        form.events = List.of("QueueStatus", "UserStatus");
        form.payloadMode = "VARIABLES";
        form.variables = "QueueName = queue\nUserStatus.UserName = agent\ndateISO = when";
        form.authType = "BASIC";
        form.authUsername = "callwire";
        form.authPassword = "secret";
        form.authToken = "ignored for BASIC";
        form.headers = "X-Tenant: acme\nX-Other:  two words ";
        form.retryMaxAttempts = "5";
        form.retrySchedule = "0, 1.5, 60";
        form.retryOn = List.of("5XX");
        form.retryOnCodes = "409";

        FormErrors errors = FormErrors.forFields(WebhookForm.FIELDS);
        Webhooks.Spec spec = form.toSpec(errors);

        assertThat(errors.isEmpty()).isTrue();
        assertThat(spec.name()).isEqualTo("CRM");
        assertThat(spec.payload().variables()).containsExactly(new Webhooks.Variable("QueueName", "queue"),
                new Webhooks.Variable("dateISO", "when"));
        assertThat(spec.payload().perEvent()).isEqualTo(Map.of("UserStatus", List.of(new Webhooks.Variable("UserName", "agent"))));
        assertThat(spec.auth().type()).isEqualTo("BASIC");
        assertThat(spec.auth().password()).isEqualTo("secret");
        assertThat(spec.auth().token()).as("only the chosen type's fields are sent").isNull();
        assertThat(spec.headers()).containsExactly(Map.entry("X-Tenant", "acme"), Map.entry("X-Other", "two words"));
        assertThat(spec.retry()).isEqualTo(new Webhooks.Retry(5, List.of(0.0, 1.5, 60.0), List.of("5XX", "409")));
    }

    @Test
    void namesEachFieldItRefusesBeforeSending() {
        WebhookForm form = WebhookForm.blank();
        form.url = "ftp://example.com";
        form.headers = "no colon here";
        form.timeoutMs = "5";
        form.retrySchedule = "0, soon";
        form.entityIds = "not-a-guid";

        FormErrors errors = FormErrors.forFields(WebhookForm.FIELDS);
        form.toSpec(errors);

        assertThat(errors.of("name")).isEqualTo("Enter a name.");
        assertThat(errors.of("url")).isEqualTo("Enter an http:// or https:// URL.");
        assertThat(errors.of("events")).isEqualTo("Choose at least one event.");
        assertThat(errors.of("headers")).contains("Name: value");
        assertThat(errors.of("timeoutMs")).isEqualTo("Enter a number from 100 to 60000.");
        assertThat(errors.of("retry.scheduleSeconds")).contains("soon");
        assertThat(errors.of("filter.entityIds")).contains("not-a-guid");
    }

    @Test
    void putsTheServicesListFieldErrorsBesideTheirField() {
        FormErrors errors = FormErrors.forFields(WebhookForm.FIELDS);
        errors.add("retry.scheduleSeconds[2]", "must not be negative");
        errors.add("payload.perEvent.UserStatus[0].source", "UserStatus has no field Nope");
        errors.add("somethingElse", "unplaced");
        assertThat(errors.of("retry.scheduleSeconds")).isEqualTo("must not be negative");
        assertThat(errors.of("payload.variables")).isEqualTo("UserStatus has no field Nope");
        assertThat(errors.getUnplaced()).containsExactly("somethingElse: unplaced");
    }

    @Test
    void showsAStoredWebhookWithoutItsSecrets() {
        Webhooks.Spec spec = new Webhooks.Spec("CRM", "https://crm.example.com", "POST", List.of("QueueStatus"), null,
                new Webhooks.Payload("VARIABLES", List.of(new Webhooks.Variable("QueueName", "queue")),
                        Map.of("QueueStatus", List.of(new Webhooks.Variable("MaxWaitTime", "wait")))),
                new Webhooks.Auth("BASIC", "callwire", null, null, null, null, null, null, null, null),
                Map.of("X-Tenant", "acme"), null, 1000, 5, new Webhooks.Retry(3, List.of(0.0, 5.0), List.of("5XX", "409")),
                true, true);
        WebhookForm form = WebhookForm.of(new Webhooks.View(java.util.UUID.randomUUID(), "ENABLED", spec, null, null, null));
        assertThat(form.variables).isEqualTo("QueueName = queue\nQueueStatus.MaxWaitTime = wait");
        assertThat(form.headers).isEqualTo("X-Tenant: acme");
        assertThat(form.retrySchedule).isEqualTo("0, 5");
        assertThat(form.retryOn).containsExactly("5XX");
        assertThat(form.retryOnCodes).isEqualTo("409");
        assertThat(form.authPassword).isEmpty();
        assertThat(form.isOrdered()).isTrue();
        assertThat(form.isEnabled()).isTrue();
    }
}
